// `stevedore down` after a `kill -9` of `up`: it stops what outlived `up` (containers under
// conmon, etcd, the registry) and removes everything made on the host (mounts, network
// namespaces, the bridge, iptables chains, cgroups), says what it removed, is a no-op the second
// time, and `--purge` deletes the data dir. The checks list exactly what they look for.

import { serviceChainPrefix } from '@stevedore/network';
import { freePort, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CLI } from './support/agent-process';
import { cgroupDirs, mountsUnder } from './support/busybox-rootfs';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

const run = promisify(execFile);

async function down(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, 'down', '--data-dir', dataDir, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    }),
  );
}
jest.setTimeout(180_000);

/** PIDs whose command line names the data dir (conmon, etcd, the registry, `up` itself). */
async function processesOf(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}

describe('stevedore down', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages(['--registry-port', String(await freePort())]);
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  /** Everything of this node still on the host, by kind. */
  const leftovers = async () => {
    const netns = (await run('ip', ['netns', 'list'])).stdout;
    const podNetns = (await cluster.kubectl('get', 'pods', '-o', 'jsonpath={.items[*].metadata.uid}')).stdout;
    const links = (await run('ip', ['-o', 'link', 'show'])).stdout;
    const nat = (await run('iptables', ['-t', 'nat', '-S'])).stdout;
    return {
      processes: await processesOf(cluster.dataDir),
      mounts: await mountsUnder(cluster.dataDir),
      bridge: links.includes(`${cluster.bridge}:`),
      chains: nat.split('\n').filter((l) => l.startsWith(`-N ${serviceChainPrefix(cluster.nodeName)}`)).length,
      cgroups: await cgroupDirs(cluster.cgroupParent),
      netns: podNetns,
      netnsList: netns,
    };
  };

  it('cleans up after a kill -9 of up, says what it removed, and does nothing the second time', async () => {
    const applied = await applyManifest(
      cluster,
      'work',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: work}
spec:
  replicas: 2
  selector: {matchLabels: {app: work}}
  template:
    metadata: {labels: {app: work}}
    spec:
      containers:
      - name: main
        image: ${setup!.images.busybox}
        command: [sleep, "3600"]
        volumeMounts: [{name: scratch, mountPath: /scratch}]
      volumes: [{name: scratch, emptyDir: {medium: Memory, sizeLimit: 8Mi}}]
---
apiVersion: v1
kind: Service
metadata: {name: work}
spec: {selector: {app: work}, ports: [{port: 80}]}
`,
    );
    expect(applied.code).toBe(0);
    await waitFor(
      async () =>
        (await cluster.kubectl('get', 'pods', '-l', 'app=work', '-o', 'jsonpath={.items[*].status.phase}')).stdout === 'Running Running',
      { what: 'two running pods', timeoutMs: 60_000 },
    );
    const uids = (await cluster.kubectl('get', 'pods', '-l', 'app=work', '-o', 'jsonpath={.items[*].metadata.uid}')).stdout.split(' ');
    const before = await leftovers();
    expect(before.processes.length).toBeGreaterThan(2);
    expect(before.bridge).toBe(true);
    expect(before.mounts.length).toBeGreaterThan(2);
    expect(before.chains).toBeGreaterThan(0);

    await cluster.stop('SIGKILL');
    const result = await down(cluster.dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^removed container /m);
    expect(result.stdout).toMatch(/^removed network namespace /m);
    expect(result.stdout).toContain(`removed bridge ${cluster.bridge}`);
    expect(result.stdout).toMatch(/^removed iptables chains STVD/m);
    expect(result.stdout).toContain(`removed cgroup ${cluster.cgroupParent}`);
    expect(result.stdout).toContain('removed process docker-registry');

    const after = await leftovers();
    expect(after.processes).toEqual([]);
    expect(after.mounts).toEqual([]);
    expect(after.bridge).toBe(false);
    expect(after.cgroups).toEqual([]);
    expect(after.chains).toBe(0);
    for (const uid of uids) expect(after.netnsList).not.toContain(uid.slice(0, 8));

    const again = await down(cluster.dataDir);
    expect(again).toMatchObject({ code: 0, stdout: 'Nothing to remove: Stevedore left nothing on this host.\n' });
    const purged = await down(cluster.dataDir, '--purge');
    expect(purged.stdout).toContain(`removed data directory ${cluster.dataDir}`);
    await expect(fs.stat(path.join(cluster.dataDir, 'agent'))).rejects.toThrow();
  });
});
