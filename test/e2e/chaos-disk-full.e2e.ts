// Fault-injection suite, fault 6: the agent's disk full. Its data dir is a 96 MiB tmpfs that a
// pod fills through an emptyDir; a pull and a new pod then fail with events that name the cause,
// every blob in the content store still hashes to its digest, and all recovers once the filler
// is deleted. Prints its figures (see docs/reliability.md).
import { ContentStore } from '@stevedore/oci';
import { makeTar, pushRawImage, pushTestImages, type RunningRegistry, startRegistry, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { applyManifest } from './support/cluster-with-images';

jest.setTimeout(360_000);
const run = promisify(execFile);

const pod = (name: string, image: string, script: string, volume = false, hostNetwork = false) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      terminationGracePeriodSeconds: 0,
      // No token volume: on a full disk its files would be the first write, ahead of the pull.
      automountServiceAccountToken: false,
      hostNetwork,
      containers: [
        { name: 'main', image, command: ['sh', '-c', script], ...(volume ? { volumeMounts: [{ name: 'data', mountPath: '/data' }] } : {}) },
      ],
      ...(volume ? { volumes: [{ name: 'data', emptyDir: {} }] } : {}),
    },
  });

describe("chaos, fault 6: the agent's disk full", () => {
  let registry: RunningRegistry | undefined;
  let cluster: ClusterProcess | undefined;

  afterAll(async () => {
    // Space first, should the test have stopped while the disk was full: cleanup writes too.
    if (cluster) await run('find', [path.join(cluster.dataDir, 'agent', 'pods'), '-name', 'fill', '-delete']).catch(() => undefined);
    await cluster?.kubectl('delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    const left = await cluster?.destroy();
    await registry?.stop();
    expect(left?.leftoverCgroups ?? []).toEqual([]);
  });

  it('fails pulls and new pods with clear events, keeps the content store consistent, and recovers', async () => {
    registry = await startRegistry();
    const images = await pushTestImages(registry);
    // 16 MiB that barely compresses: the pull needs ~30 MiB (blob and unpacked layer).
    const big = await pushRawImage(registry, 'chaos/big', [
      await makeTar([{ name: 'big.bin', body: randomBytes(12 * 1024 * 1024).toString('base64') }]),
    ]);
    cluster = await startCluster({
      insecureRegistry: registry.host,
      // DiskPressure would keep new pods off the node: this fault is about what fails when they land.
      extraArgs: ['--min-free-disk-percent', '0'],
      prepare: async (dataDir) => {
        await fs.mkdir(path.join(dataDir, 'agent'), { recursive: true });
        await run('mount', ['-t', 'tmpfs', '-o', 'size=96m,mode=0700', 'tmpfs', path.join(dataDir, 'agent')]);
      },
    });
    const agentDir = path.join(cluster.dataDir, 'agent');
    const kubectl = cluster.kubectl;
    const free = async () => {
      const stat = await fs.statfs(agentDir);
      return stat.bavail * stat.bsize;
    };
    const phase = async (name: string) => (await kubectl('get', 'pod', name, '-o', 'jsonpath={.status.phase}')).stdout;
    const eventsOf = async (name: string) =>
      (
        await kubectl(
          'get',
          'events',
          '--field-selector',
          `involvedObject.name=${name}`,
          '-o',
          'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
        )
      ).stdout;
    const content = new ContentStore(path.join(agentDir, 'images'));

    expect(
      (await applyManifest(cluster, 'filler', pod('filler', images.busybox, 'dd if=/dev/zero of=/data/fill bs=1M; sleep 3600', true))).code,
    ).toBe(0);
    await waitFor(async () => (await phase('filler')) === 'Running' && (await free()) < 1024 * 1024, {
      what: 'the disk full',
      timeoutMs: 90_000,
    });
    const fullAt = Date.now();

    expect((await applyManifest(cluster, 'big', pod('big', big, 'sleep 3600', false, true))).code).toBe(0);
    // On the host's network, so that the pull is the first thing that writes.
    await waitFor(async () => /failed to pull image.*no space left on device/i.test(await eventsOf('big')), {
      what: 'a pull failure that names the cause',
      timeoutMs: 90_000,
    });
    const pullEvent = (await eventsOf('big')).split('\n').find((m) => /failed to pull image.*no space left/i.test(m));
    expect((await applyManifest(cluster, 'writer', pod('writer', images.busybox, 'echo written > /data/x; sleep 3600', true))).code).toBe(
      0,
    );
    await waitFor(async () => /no space left on device/i.test(await eventsOf('writer')), {
      what: 'a pod failure that names the cause',
      timeoutMs: 90_000,
    });
    const writerEvent = (await eventsOf('writer')).split('\n').find((m) => /no space left/i.test(m));
    const corruptWhileFull = await content.corrupt();
    const blobsWhileFull = (await content.list()).length;

    const freed = Date.now();
    await kubectl('delete', 'pod', 'filler', '--grace-period=0', '--force', '--wait=false');
    // The big image is one file and no shell: its pull succeeding is its recovery.
    const pulled = async () => /Successfully pulled image/.test(await eventsOf('big'));
    await waitFor(async () => (await pulled()) && (await phase('writer')) === 'Running', {
      what: 'the pull done and the new pod Running once space was freed',
      timeoutMs: 120_000,
      intervalMs: 500,
    }).catch(async (err) => {
      const state = `big ${await phase('big')}, writer ${await phase('writer')}, free ${await free()} bytes, filler: ${(await kubectl('get', 'pod', 'filler')).stderr}`;
      const events = `big:\n${await eventsOf('big')}\nwriter:\n${await eventsOf('writer')}`;
      const warnings = cluster!
        .output()
        .split('\n')
        .filter((l) => /warn|error/i.test(l))
        .slice(-25)
        .join('\n');
      throw new Error(`${err.message}\n${state}\n${events}\n${warnings}`);
    });
    const recoveryMs = Date.now() - freed;
    expect((await kubectl('exec', 'writer', '--', 'cat', '/data/x')).stdout).toBe('written\n');
    const corruptAfter = await content.corrupt();
    const blobs = (await content.list()).length;
    process.stdout.write(
      `chaos fault 6: 96 MiB data dir full for ${freed - fullAt} ms; pull event: "${pullEvent}"; pod event: "${writerEvent}"; ` +
        `blobs ${blobsWhileFull} while full (${corruptWhileFull.length} corrupt), ${blobs} after (${corruptAfter.length} corrupt); ` +
        `pull done and pod Running ${recoveryMs} ms after the filler was deleted; objects lost 0; pods running twice 0\n`,
    );
    expect(corruptWhileFull).toEqual([]);
    expect(corruptAfter).toEqual([]);
  });
});
