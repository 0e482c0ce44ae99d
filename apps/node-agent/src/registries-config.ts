// The agent's registries.yaml (--registries-config): read once at start; a bad file stops the
// agent with the file and field named rather than pulls failing later.
import { type MirrorEndpoint, parseRegistriesConfig, type RegistryHosts } from '@stevedore/oci';
import { OptionError } from '@stevedore/options';
import { promises as fs } from 'fs';

export async function readRegistriesConfig(file: string | undefined): Promise<RegistryHosts | undefined> {
  if (!file) return undefined;
  try {
    return parseRegistriesConfig(await fs.readFile(file, 'utf8'), file);
  } catch (err) {
    throw new OptionError(`--registries-config: ${(err as Error).message}`);
  }
}

/** Adds a mirror for a registry that the file does not mirror already (up: docker.io → the embedded registry). */
export function withDefaultMirror(hosts: RegistryHosts | undefined, registry: string, mirror: MirrorEndpoint): RegistryHosts {
  const base = hosts ?? { mirrors: {}, hosts: {} };
  if (base.mirrors[registry]) return base;
  return { ...base, mirrors: { ...base.mirrors, [registry]: [mirror] } };
}
