// How a container's process comes from its image and the user's overrides, as Docker does it.
import type { ContainerConfig } from '@stevedore/oci';

export interface ProcessOverrides {
  command?: string[];
  /** undefined = keep the image's; [] = clear it (Docker's --entrypoint ''). */
  entrypoint?: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
}

export function mergeProcess(image: ContainerConfig | undefined, o: ProcessOverrides) {
  const entrypoint = o.entrypoint ?? image?.Entrypoint ?? [];
  // A new entrypoint drops the image's Cmd, which was written for the old one.
  const cmd = o.command?.length ? o.command : o.entrypoint !== undefined ? [] : (image?.Cmd ?? []);
  return {
    args: [...entrypoint, ...cmd],
    env: mergeEnv(image?.Env ?? [], o.env ?? []),
    cwd: o.workingDir || image?.WorkingDir || '/',
    user: o.user || image?.User || undefined,
  };
}

/** Later KEY=VALUE entries replace earlier ones with the same key; a PATH is always present. */
export function mergeEnv(base: string[], extra: string[]): string[] {
  const map = new Map<string, string>();
  for (const e of [...base, ...extra]) {
    const i = e.indexOf('=');
    if (i <= 0) throw new Error(`invalid environment variable "${e}": expected KEY=VALUE`);
    map.set(e.slice(0, i), e.slice(i + 1));
  }
  if (!map.has('PATH')) map.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  return [...map].map(([k, v]) => `${k}=${v}`);
}

const ADJECTIVES = [
  'brave',
  'calm',
  'eager',
  'fancy',
  'gentle',
  'happy',
  'jolly',
  'keen',
  'lucid',
  'merry',
  'nimble',
  'proud',
  'quiet',
  'rapid',
  'sharp',
  'tidy',
  'vivid',
  'witty',
];
const NOUNS = [
  'anchor',
  'barge',
  'cargo',
  'dock',
  'ferry',
  'galley',
  'harbor',
  'keel',
  'lighter',
  'mast',
  'pier',
  'quay',
  'rudder',
  'schooner',
  'tug',
  'wharf',
];

/** A readable generated name ("calm_ferry"), with a number when taken. */
export function generateName(taken: Set<string>): string {
  for (let i = 0; i < 100; i++) {
    const name = `${ADJECTIVES[Math.floor(Math.random() * ADJECTIVES.length)]}_${NOUNS[Math.floor(Math.random() * NOUNS.length)]}${i > 10 ? i : ''}`;
    if (!taken.has(name)) return name;
  }
  return `container_${Date.now()}`;
}
