// capabilities.add/drop over the default set, as containerd resolves them: "ALL" first (add ALL
// = everything the node holds, drop ALL = nothing), then the named adds, then the named drops.
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from '@stevedore/runtime';
import { ConfigError } from './env';

/** "net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all name CAP_NET_ADMIN; an unknown name is refused. */
export function capabilityName(name: string): string {
  const upper = String(name).toUpperCase();
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(full)) throw new ConfigError(`unknown capability "${name}"`);
  return full;
}

export function capabilitySet(caps: { add?: string[]; drop?: string[] } | undefined, nodeCapabilities: string[]): string[] {
  const add = caps?.add ?? [];
  const drop = caps?.drop ?? [];
  const isAll = (c: string) => String(c).toUpperCase() === 'ALL';
  let set: string[] = DEFAULT_CAPABILITIES.filter((c) => nodeCapabilities.includes(c));
  if (add.some(isAll)) set = [...nodeCapabilities];
  if (drop.some(isAll)) set = [];
  const result = new Set(set);
  for (const c of add.filter((x) => !isAll(x))) result.add(capabilityName(c));
  for (const c of drop.filter((x) => !isAll(x))) result.delete(capabilityName(c));
  return ALL_CAPABILITIES.filter((c) => result.has(c));
}
