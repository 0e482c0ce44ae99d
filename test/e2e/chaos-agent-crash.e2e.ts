// Fault-injection suite, fault 3: `kill -9` of the node (agent and control plane of an all-in-one
// cluster) in the middle of 30 pod starts, then a restart. Every container is re-adopted or
// finished and none runs twice; no half-made container folder, mount, cgroup or network
// namespace is left. Prints its figures (see docs/reliability.md).
import { makeTempDir, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { mountsUnder } from './support/busybox-rootfs';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { nodeLeaks } from './support/node-leaks';

jest.setTimeout(480_000);
const run = promisify(execFile);
const REPLICAS = 30;

interface Meta {
  id: string;
  spec: { labels?: Record<string, string> };
  finishedAt?: string;
}

describe('chaos, fault 3: kill -9 of the agent in the middle of 30 pod starts', () => {
  let setup: ClusterWithImages | undefined;
  let lowerDir: string | undefined;
  let planted: string | undefined;

  beforeAll(async () => {
    setup = await startClusterWithImages();
  });

  afterAll(async () => {
    // The planted mount, should the agent have failed to remove it: the data dir goes next.
    if (planted && (await mountsUnder(planted)).length) await run('umount', ['-l', `${planted}/bundle/rootfs`]);
    expect(await stopClusterWithImages(setup)).toEqual([]);
    if (lowerDir) await fs.rm(lowerDir, { recursive: true, force: true });
  });

  it('re-adopts or finishes every container, none twice, and leaves nothing half-made', async () => {
    const { cluster, images } = setup!;
    const agentDir = path.join(cluster.dataDir, 'agent');
    const containers = path.join(agentDir, 'containers');
    const metas = async () => {
      const ids = (await fs.readdir(containers).catch(() => [] as string[])).filter((e) => /^[0-9a-f]{64}$/.test(e));
      const read = await Promise.all(ids.map((id) => fs.readFile(path.join(containers, id, 'meta.json'), 'utf8').catch(() => '')));
      return { folders: ids.length, metas: read.filter(Boolean).map((t) => JSON.parse(t) as Meta) };
    };
    const listPods = async () =>
      JSON.parse((await cluster.kubectl('get', 'pods', '-l', 'app=crash', '-o', 'json')).stdout).items as {
        metadata: { uid: string; name: string };
        status: { phase?: string; containerStatuses?: { containerID?: string; restartCount: number }[] };
      }[];

    const applied = await applyManifest(
      cluster,
      'crash',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: crash}
spec:
  replicas: ${REPLICAS}
  selector: {matchLabels: {app: crash}}
  template:
    metadata: {labels: {app: crash}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: main, image: ${images.busybox}, command: [sleep, "3600"]}]
`,
    );
    expect(applied.code).toBe(0);
    // Kill once ten containers exist and the rest are still to come: the middle of the starts.
    await waitFor(async () => (await metas()).metas.length >= 10, { what: 'ten containers created', timeoutMs: 60_000, intervalMs: 50 });
    const podsAtKill = await listPods();
    await cluster.stop('SIGKILL');
    const atKill = await metas();

    // A create interrupted between its overlay mount and meta.json, made on purpose so that the
    // cleanup is exercised whatever moment the kill above landed on.
    lowerDir = await makeTempDir('chaos-lower-');
    planted = path.join(containers, randomBytes(32).toString('hex'));
    for (const d of ['upper', 'work', 'bundle/rootfs']) await fs.mkdir(path.join(planted, d), { recursive: true });
    await run('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${lowerDir},upperdir=${planted}/upper,workdir=${planted}/work`,
      `${planted}/bundle/rootfs`,
    ]);
    const halfMadeBefore = (await nodeLeaks(agentDir, cluster.cgroupParent, [])).halfMade.length;

    const restarted = Date.now();
    await cluster.restart();
    await waitFor(async () => (await listPods()).filter((p) => p.status.phase === 'Running').length === REPLICAS, {
      what: `${REPLICAS} pods Running after the restart`,
      timeoutMs: 150_000,
      intervalMs: 1000,
    }).catch(async (err) => {
      const stuck = (await listPods()).filter((p) => p.status.phase !== 'Running');
      const described = stuck[0] ? (await cluster.kubectl('describe', 'pod', stuck[0].metadata.name)).stdout : '';
      const warnings = cluster
        .output()
        .split('\n')
        .filter((l) => /warn|error/i.test(l))
        .slice(-30)
        .join('\n');
      throw new Error(`${err.message}\n${stuck.length} not Running\n${described}\n${warnings}`);
    });
    const recoveryMs = Date.now() - restarted;

    const pods = await listPods();
    const uids = new Set(pods.map((p) => p.metadata.uid));
    const lost = podsAtKill.filter((p) => !uids.has(p.metadata.uid)).map((p) => p.metadata.name);
    const leaks = await nodeLeaks(agentDir, cluster.cgroupParent, [...uids]);
    // Containers created before the kill: still running under the same ID (re-adopted), or, when
    // the kill came between their create and start, removed and that attempt made again.
    const runningAtKill = atKill.metas.filter((m) => !m.finishedAt);
    const after = new Map((await metas()).metas.map((m) => [m.id, m]));
    const reAdopted = runningAtKill.filter((m) => after.has(m.id) && !after.get(m.id)!.finishedAt).length;
    const replaced = runningAtKill.length - reAdopted;
    const extraContainers = pods.flatMap((p) => p.status.containerStatuses ?? []).filter((s) => s.restartCount > 0).length;

    process.stdout.write(
      `chaos fault 3: kill -9 with ${atKill.folders} container folders (${atKill.metas.length} created, ` +
        `${halfMadeBefore} half-made incl. 1 planted), ${podsAtKill.length} pods; ${REPLICAS} Running ${recoveryMs} ms ` +
        `after the restart; re-adopted ${reAdopted}, interrupted starts redone ${replaced}; objects lost ${lost.length}; ` +
        `pods running twice ${leaks.runningTwice.length}; left: ${leaks.halfMade.length} half-made folders, ` +
        `${leaks.mounts.length} mounts, ${leaks.cgroups.length} cgroups, ${leaks.netns.length} netns\n`,
    );
    expect(lost).toEqual([]);
    expect(leaks).toMatchObject({ halfMade: [], mounts: [], cgroups: [], netns: [], runningTwice: [], running: REPLICAS });
    expect(await mountsUnder(planted)).toEqual([]);
    await expect(fs.access(planted)).rejects.toThrow();
    expect(extraContainers).toBe(0);
  });
});
