/** Resolves an int-or-percent ("25%") against a total, rounding as Kubernetes does per field. */
export function resolveIntOrPercent(value: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge rounds up, maxUnavailable down; both zero would deadlock, so unavailable becomes 1. */
export function surgeAndUnavailable(
  replicas: number,
  rolling: { maxSurge?: number | string; maxUnavailable?: number | string } | undefined,
) {
  const maxSurge = resolveIntOrPercent(rolling?.maxSurge, replicas, true, '25%');
  let maxUnavailable = resolveIntOrPercent(rolling?.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}
