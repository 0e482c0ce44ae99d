// Runs CNI plugins (the standard binaries from containernetworking-plugins) the way the CNI
// spec says: configuration on stdin, the operation in CNI_* environment variables, a JSON
// result on stdout, chained plugins getting the previous result.
import { spawn } from 'child_process';

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
  constructor(plugin: string, message: string, readonly code?: number) {
    super(`CNI plugin ${plugin} failed: ${message}`);
    this.name = 'CniError';
  }
}

export async function invokePlugin(config: Record<string, unknown>, call: CniInvocation): Promise<CniResult> {
  const plugin = String(config.type);
  const cniPath = call.cniPath ?? DEFAULT_CNI_PATH;
  const child = spawn(`${cniPath}/${plugin}`, [], {
    env: {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      CNI_COMMAND: call.command, CNI_CONTAINERID: call.containerId, CNI_NETNS: call.netns, CNI_IFNAME: call.ifName, CNI_PATH: cniPath,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.stdin.end(JSON.stringify(config));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const text = Buffer.concat(out).toString();
  if (code !== 0) {
    // Plugins report errors as JSON {code, msg, details} on stdout.
    let message = Buffer.concat(err).toString().trim() || text;
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
export async function invokeList(list: { cniVersion: string; name: string; plugins: Record<string, unknown>[] }, call: CniInvocation, runtimeConfig: Record<string, unknown> = {}): Promise<CniResult> {
  const plugins = call.command === 'DEL' ? [...list.plugins].reverse() : list.plugins;
  let previous: CniResult | undefined;
  for (const plugin of plugins) {
    const config = { cniVersion: list.cniVersion, name: list.name, ...plugin, runtimeConfig, ...(previous ? { prevResult: previous } : {}) };
    const result = await invokePlugin(config, call);
    if (call.command === 'ADD') previous = result;
  }
  return previous ?? {};
}
