// Port-forward throughput on the all-in-one cluster: a 100 MB body fetched from busybox httpd in
// a pod through `kubectl port-forward` (kubectl → API → gateway tunnel → agent → the pod's
// netns), next to the floor measured in the same run: the same body from the same server over a
// plain TCP connection, by the same download code run inside the pod's network namespace. (The
// pod's IP is no fair floor: test clusters on one machine share the pod range.)

import { netnsNameFor } from '@stevedore/network';
import type { RunningRegistry, TestImages } from '@stevedore/testing';
import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import * as http from 'http';
import { startCluster } from '../test/e2e/support/cluster-process';
import { applyManifest } from '../test/e2e/support/cluster-with-images';
import { portForward } from '../test/e2e/support/port-forward';
import { cleanupOnInterrupt } from './interrupt';

export interface PortForwardResult {
  bytes: number;
  portForwardMBps: number;
  plainTcpMBps: number;
  /** Port-forward throughput over the plain copy's. */
  ratio: number;
}

const BYTES = 100_000_000;

export async function measurePortForward(registry: RunningRegistry, images: TestImages): Promise<PortForwardResult> {
  const cluster = await startCluster({ insecureRegistry: registry.host });
  const release = cleanupOnInterrupt(() => cluster.destroy());
  try {
    const script = `mkdir -p /www && head -c ${BYTES} /dev/zero > /www/big && exec httpd -f -p 8080 -h /www`;
    await applyManifest(
      cluster,
      'bench',
      `apiVersion: v1
kind: Pod
metadata: {name: bench}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: main, image: ${images.busybox}, command: [sh, -c, ${JSON.stringify(script)}]}]
`,
    );
    const uid = await waitFor(
      async () => {
        const out = await cluster.kubectl('get', 'pod', 'bench', '-o', 'jsonpath={.status.phase} {.metadata.uid}');
        const [phase, podUid] = out.stdout.split(' ');
        return phase === 'Running' && podUid ? podUid : undefined;
      },
      { what: 'the bench pod to run', timeoutMs: 60_000 },
    );
    // The file is written before httpd starts: the first download in the netns waits for it.
    const plainTcpMBps = await waitFor(() => downloadInNetns(`/var/run/netns/${netnsNameFor(uid)}`), {
      what: 'httpd in the bench pod',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const forward = await portForward(cluster, 'kubectl', 'pod/bench', [8080]);
    let portForwardMBps: number;
    try {
      portForwardMBps = await download('127.0.0.1', forward.local[0]!, BYTES, http);
    } finally {
      await forward.stop();
    }
    return { bytes: BYTES, portForwardMBps, plainTcpMBps, ratio: Math.round((portForwardMBps / plainTcpMBps) * 100) / 100 };
  } finally {
    release();
    await cluster.kubectl('delete', 'pod', 'bench', '--grace-period=0', '--force', '--wait=false');
    await cluster.destroy();
  }
}

/** `download` below, run by a Node process inside the pod's network namespace against 127.0.0.1:8080. */
function downloadInNetns(netns: string): Promise<number> {
  const source = `(${download.toString()})('127.0.0.1', 8080, ${BYTES}, require('http')).then((r) => console.log(r), (e) => { console.error(e.message); process.exit(1); })`;
  return new Promise((resolve, reject) => {
    execFile('nsenter', [`--net=${netns}`, process.execPath, '-e', source], (err, stdout, stderr) =>
      err ? reject(new Error(stderr.trim() || err.message)) : resolve(Number(stdout.trim())),
    );
  });
}

/** Fetches the body, checks its length and returns MB/s (10^6 bytes) from request to last byte. Self-contained: it also runs as source in the pod's netns. */
function download(host: string, port: number, bytes: number, client: typeof http): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    client
      .get({ host, port, path: '/big', agent: false }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
        });
        res.on('end', () => {
          if (length !== bytes) return reject(new Error(`got ${length} of ${bytes} bytes from ${host}:${port}`));
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          resolve(Math.round(bytes / 1e6 / seconds));
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
