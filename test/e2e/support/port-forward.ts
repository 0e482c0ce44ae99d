// Drives a real `kubectl port-forward` from tests: starts it with local ports chosen by kubectl,
// reads the ports it printed, and fetches or copies through them.

import { spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import type { ChildProcess } from 'child_process';
import { createHash } from 'crypto';
import * as http from 'http';
import type { ClusterProcess } from './cluster-process';

export interface RunningPortForward {
  /** Local port per remote port, in the order given. */
  local: number[];
  output(): string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function portForward(
  cluster: Pick<ClusterProcess, 'kubeconfig' | 'dataDir'>,
  kubectl: string,
  target: string,
  remotePorts: number[],
  extraArgs: string[] = [],
): Promise<RunningPortForward> {
  const child = spawnTracked(kubectl, [
    '--kubeconfig',
    cluster.kubeconfig,
    '--cache-dir',
    `${cluster.dataDir}/kube-cache`,
    ...extraArgs,
    'port-forward',
    '--address',
    '127.0.0.1',
    target,
    ...remotePorts.map((p) => `:${p}`),
  ]);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const local = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`kubectl port-forward exited: ${output}`);
      // kubectl prints one line per port in order; for a Service the pod's target port is shown.
      const found = [...output.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> \d+/g)].map((m) => Number(m[1]));
      return found.length >= remotePorts.length ? found.slice(0, remotePorts.length) : undefined;
    },
    { what: `kubectl port-forward ${target} to listen`, timeoutMs: 30000 },
  );
  return { local, output: () => output, child, stop: () => stopProcess(child, 2000) };
}

/** GET http://127.0.0.1:port/path: status, body length and sha256 (bodies can be large). */
export function httpGet(port: number, path = '/'): Promise<{ status: number; length: number; sha256: string; text: string }> {
  return new Promise((resolve, reject) => {
    let length = 0;
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const hash = createHash('sha256');
      let head = '';
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        length += chunk.length;
        if (head.length < 200) head += chunk.toString('latin1').slice(0, 200);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, length, sha256: hash.digest('hex'), text: head }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(20000, () => req.destroy(new Error(`no data from 127.0.0.1:${port}${path} for 20 s (${length} bytes received)`)));
  });
}
