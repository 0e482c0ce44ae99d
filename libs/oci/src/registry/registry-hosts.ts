// Where a registry name is pulled from and with what: the `registries.yaml` shape k3s and
// containerd's host configuration use. `mirrors` maps a registry name (`docker.io`, or `*` for
// every registry) to endpoints tried in order before the registry itself; `configs` gives an
// endpoint's credentials and TLS settings.
//
//   mirrors:
//     docker.io:
//       endpoint: ["http://127.0.0.1:5000"]
//   configs:
//     "mirror.example:5000":
//       auth: {username: puller, password: secret}
//       tls: {ca_file: /etc/ssl/mirror-ca.pem, insecure_skip_verify: false}
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import type { Credentials } from './auth';

export interface TlsSettings {
  /** PEM of the CA that signed the registry's certificate. */
  ca?: string;
  insecureSkipVerify?: boolean;
}

export interface HostSettings {
  credentials?: Credentials;
  tls?: TlsSettings;
}

/** An endpoint as a host to reach and whether it speaks plain HTTP. */
export interface MirrorEndpoint {
  host: string;
  plainHttp: boolean;
}

export interface RegistryHosts {
  mirrors: Record<string, MirrorEndpoint[]>;
  hosts: Record<string, HostSettings>;
}

export class RegistriesConfigError extends Error {
  override readonly name = 'RegistriesConfigError';
}

type RawConfig = {
  mirrors?: Record<string, { endpoint?: string[] }>;
  configs?: Record<
    string,
    { auth?: { username?: string; password?: string; auth?: string }; tls?: { ca_file?: string; insecure_skip_verify?: boolean } }
  >;
};

function endpointOf(text: string, where: string): MirrorEndpoint {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`);
  } catch {
    throw new RegistriesConfigError(`${where}: "${text}" is not a registry URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegistriesConfigError(`${where}: "${text}" must be http or https`);
  return { host: url.host, plainHttp: url.protocol === 'http:' };
}

function credentialsOf(auth: NonNullable<NonNullable<RawConfig['configs']>[string]['auth']>, where: string): Credentials {
  if (auth.username !== undefined) return { username: auth.username, password: auth.password ?? '' };
  const decoded = Buffer.from(auth.auth ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new RegistriesConfigError(`${where}.auth: give username and password, or auth as base64 of user:password`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function parseRegistriesConfig(text: string, file: string): RegistryHosts {
  let raw: RawConfig;
  try {
    raw = (parse(text) ?? {}) as RawConfig;
  } catch (err) {
    throw new RegistriesConfigError(`${file}: ${(err as Error).message}`);
  }
  const mirrors: RegistryHosts['mirrors'] = {};
  for (const [name, mirror] of Object.entries(raw.mirrors ?? {})) {
    mirrors[name] = (mirror?.endpoint ?? []).map((e, i) => endpointOf(e, `${file}: mirrors.${name}.endpoint[${i}]`));
  }
  const hosts: RegistryHosts['hosts'] = {};
  for (const [name, config] of Object.entries(raw.configs ?? {})) {
    const host = endpointOf(name, `${file}: configs`).host;
    const where = `${file}: configs.${name}`;
    const tls = config?.tls;
    hosts[host] = {
      credentials: config?.auth ? credentialsOf(config.auth, where) : undefined,
      tls: tls
        ? { ca: tls.ca_file ? readFileSync(tls.ca_file, 'utf8') : undefined, insecureSkipVerify: !!tls.insecure_skip_verify }
        : undefined,
    };
  }
  return { mirrors, hosts };
}

/** The endpoints to try for a registry, mirrors first, the registry itself last. */
export function endpointsFor(hosts: RegistryHosts | undefined, registry: string): MirrorEndpoint[] {
  const mirrors = hosts?.mirrors[registry] ?? hosts?.mirrors['*'] ?? [];
  return [...mirrors.filter((m) => m.host !== registry), { host: registry, plainHttp: false }];
}
