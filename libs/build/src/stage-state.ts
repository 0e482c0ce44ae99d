// What a stage carries from step to step: its image so far, the runnable config, and the ARGs
// declared in it (which substitution and RUN see, but the image does not keep).
import type { ContainerConfig } from '@stevedore/oci';

export interface StageState {
  /** The image so far; absent while a `FROM scratch` stage has made none. */
  imageId?: string;
  config: ContainerConfig;
  /** ARGs declared in this stage that have a value. */
  args: Map<string, string>;
  /** Whether this stage set CMD (an ENTRYPOINT clears only an inherited CMD). */
  cmdSet: boolean;
  /** Image layers, top first, for RUN containers and lookups. */
  lowerDirs: string[];
}

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

export function envMap(env: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of env ?? []) {
    const i = e.indexOf('=');
    if (i > 0) map.set(e.slice(0, i), e.slice(i + 1));
  }
  return map;
}

/** Substitution sees the stage's ARGs, then the image's environment, which wins (Docker's order). */
export function substitutionVars(state: StageState): Map<string, string> {
  return new Map([...state.args, ...envMap(state.config.Env)]);
}

/** RUN's environment: the image's, plus ARGs that no ENV of the same name hides. */
export function runEnv(state: StageState): string[] {
  const env = envMap(state.config.Env);
  const out = [...(state.config.Env ?? [])];
  for (const [k, v] of state.args) if (!env.has(k)) out.push(`${k}=${v}`);
  return out;
}

/** Docker's prefix for RUN in history and cache keys when ARGs are set: "|2 A=1 B=2 ". */
export function argsPrefix(state: StageState): string {
  const pairs = [...state.args].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? `|${pairs.length} ${pairs.join(' ')} ` : '';
}
