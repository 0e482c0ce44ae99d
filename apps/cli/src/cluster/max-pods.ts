// --max-pods for `up` and `agent`: kept apart from up.ts so the agent command does not load the control plane.
/** --max-pods: a positive whole number, or the agent's default. */
export function maxPods(value: string | undefined): { maxPods?: number } {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--max-pods must be a positive whole number, not "${value}"`);
  return { maxPods: n };
}
