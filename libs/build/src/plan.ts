// Which stages a build runs and in what order: the target stage (default the last) and every
// stage it needs through FROM or COPY --from, numbered as `docker build` numbers its steps.
// FROM lines are substituted with the global ARGs (those before the first FROM) and --build-arg.
import { BuildError, type Instruction, type ParsedDockerfile } from './dockerfile/parse-dockerfile';
import { processWord } from './dockerfile/shell-words';

export type Base = { kind: 'scratch' } | { kind: 'stage'; index: number } | { kind: 'image'; ref: string };

export interface StagePlan {
  index: number;
  /** Lower-case, as Docker compares stage names. */
  name?: string;
  base: Base;
  from: Instruction;
  steps: Instruction[];
}

export interface BuildPlan {
  stages: StagePlan[];
  /** Every step of the planned stages, FROM lines included. */
  totalSteps: number;
  /** Every stage's name (lower-case) by index, planned or not, for --from. */
  names: (string | undefined)[];
  /** Values of the global ARGs (defaults overridden by --build-arg), which a stage's `ARG NAME` inherits. */
  globalArgs: Map<string, string>;
}

export function globalArgValues(df: ParsedDockerfile, buildArgs: Record<string, string>): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of df.globalArgs)
    for (const p of arg.props) {
      const value = buildArgs[p.name] ?? (p.raw === undefined ? undefined : processWord(p.raw, values, df.escape));
      if (value !== undefined) values.set(p.name, value);
    }
  return values;
}

/** The stage a `--from` or FROM name refers to, by name or number, among the stages before `before`. */
export function stageIndex(stages: { name?: string }[], ref: string, before: number): number | undefined {
  const lower = ref.toLowerCase();
  const byName = stages.findIndex((s, i) => i < before && s.name === lower);
  if (byName >= 0) return byName;
  return /^\d+$/.test(ref) && Number(ref) < before ? Number(ref) : undefined;
}

function parseFrom(from: Instruction, values: Map<string, string>, escapeChar: string): { image: string; name?: string } {
  const words = from.args.split(/\s+/).filter(Boolean);
  const at = (n: number) => words[n] ?? '';
  if (words.length === 3 && at(1).toUpperCase() === 'AS')
    return { image: processWord(at(0), values, escapeChar), name: at(2).toLowerCase() };
  if (words.length !== 1) throw new BuildError(`Dockerfile:${from.line}: FROM takes an image and an optional "AS name": FROM ${from.args}`);
  return { image: processWord(at(0), values, escapeChar) };
}

export function planBuild(df: ParsedDockerfile, opts: { buildArgs?: Record<string, string>; target?: string } = {}): BuildPlan {
  const globalArgs = globalArgValues(df, opts.buildArgs ?? {});
  const stages: StagePlan[] = [];
  df.stages.forEach((s, index) => {
    const { image, name } = parseFrom(s.from, globalArgs, df.escape);
    if (!image) throw new BuildError(`Dockerfile:${s.from.line}: FROM names no image (an unset variable?): FROM ${s.from.args}`);
    if (name && stages.some((other) => other.name === name))
      throw new BuildError(`Dockerfile:${s.from.line}: duplicate stage name "${name}"`);
    const stage = stageIndex(stages, image, index);
    const base: Base =
      image.toLowerCase() === 'scratch'
        ? { kind: 'scratch' }
        : stage !== undefined
          ? { kind: 'stage', index: stage }
          : { kind: 'image', ref: image };
    stages.push({ index, name, base, from: s.from, steps: s.steps });
  });
  const target = opts.target ? stageIndex(stages, opts.target, stages.length) : stages.length - 1;
  if (target === undefined) throw new BuildError(`target stage "${opts.target}" could not be found`);
  const needed = new Set<number>();
  const need = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    const stage = stages[i]!;
    if (stage.base.kind === 'stage') need(stage.base.index);
    for (const step of stage.steps) {
      const from = step.flags.from;
      const dep = from === undefined ? undefined : stageIndex(stages, from, i);
      if (dep !== undefined) need(dep);
    }
  };
  need(target);
  const planned = stages.filter((s) => needed.has(s.index));
  return { stages: planned, totalSteps: planned.reduce((n, s) => n + 1 + s.steps.length, 0), names: stages.map((s) => s.name), globalArgs };
}
