// Runs CNI plugins (the standard binaries from containernetworking-plugins) the way the CNI
// spec says: configuration on stdin, the operation in CNI_* environment variables, a JSON
// result on stdout, chained plugins getting the previous result.
import { spawner } from '@stevedore/runtime';

export const DEFAULT_CNI_PATH = '/usr/lib/cni';

export interface CniInvocation {
  command: 'ADD' | 'DEL' | 'CHECK';
  containerId: string;
  netns: string;
  ifName: string;
  cniPath?: string;
}

export interface CniResult {
  cniVersion?: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  [key: string]: unknown;
}

export class CniError extends Error {
  constructor(
    plugin: string,
    message: string,
    readonly code?: number,
  ) {
    super(`CNI plugin ${plugin} failed: ${message}`);
    this.name = 'CniError';
  }
}

export async function invokePlugin(config: Record<string, unknown>, call: CniInvocation): Promise<CniResult> {
  const plugin = String(config.type);
  const cniPath = call.cniPath ?? DEFAULT_CNI_PATH;
  const result = await spawner.run({
    file: `${cniPath}/${plugin}`,
    args: [],
    input: JSON.stringify(config),
    timeoutMs: 60000,
    env: {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      CNI_COMMAND: call.command,
      CNI_CONTAINERID: call.containerId,
      CNI_NETNS: call.netns,
      CNI_IFNAME: call.ifName,
      CNI_PATH: cniPath,
    },
  });
  if (result.error && result.code === null && !result.signal) throw new CniError(plugin, result.error);
  const code = result.code ?? 1;
  const text = result.stdout;
  if (code !== 0) {
    // Plugins report errors as JSON {code, msg, details} on stdout.
    let message = result.stderr.trim() || text;
    try {
      const parsed = JSON.parse(text) as { msg?: string; details?: string; code?: number };
      message = [parsed.msg, parsed.details].filter(Boolean).join(': ');
    } catch {
      // not JSON: keep the raw text
    }
    throw new CniError(plugin, message || `exit code ${code}`, code);
  }
  return text.trim() ? (JSON.parse(text) as CniResult) : {};
}

/** Runs a plugin list: ADD in order with each previous result, DEL in reverse. */
export async function invokeList(
  list: { cniVersion: string; name: string; plugins: Record<string, unknown>[] },
  call: CniInvocation,
  runtimeConfig: Record<string, unknown> = {},
): Promise<CniResult> {
  const plugins = call.command === 'DEL' ? [...list.plugins].reverse() : list.plugins;
  let previous: CniResult | undefined;
  for (const plugin of plugins) {
    const config = {
      cniVersion: list.cniVersion,
      name: list.name,
      ...plugin,
      runtimeConfig,
      ...(previous ? { prevResult: previous } : {}),
    };
    const result = await invokePlugin(config, call);
    if (call.command === 'ADD') previous = result;
  }
  return previous ?? {};
}
