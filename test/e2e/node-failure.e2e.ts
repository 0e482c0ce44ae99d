// The parts run separately, as on several hosts: etcd, `stevedore control-plane`, and two
// `stevedore agent`s. Killing one agent makes its node NotReady, its pods are evicted and
// replaced on the other node; when it comes back, its stale containers are stopped.

import { netnsNameFor, removeChains, serviceChainPrefix } from '@stevedore/network';
import {
  freePort,
  makeTempDir,
  pushTestImages,
  type RunningEtcd,
  type RunningRegistry,
  spawnTracked,
  startEtcd,
  startRegistry,
  stopProcess,
  type TestImages,
  waitFor,
} from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CLI, stevedore } from './support/agent-process';
import { cgroupDirs, removeCgroupParent } from './support/busybox-rootfs';
import { podUidsIn, removeAgentContainers } from './support/cluster-process';

jest.setTimeout(240_000);

interface Proc {
  child: ReturnType<typeof spawnTracked>;
  output: () => string;
}

function launch(args: string[]): Proc {
  const child = spawnTracked(process.execPath, [CLI, ...args]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return { child, output: () => output };
}

describe('node failure with separately run parts', () => {
  let dir: string;
  let etcd: RunningEtcd;
  let registry: RunningRegistry;
  let images: TestImages;
  let controlPlane: Proc;
  const agents: Record<string, Proc> = {};
  const joins: Record<string, string[]> = {};
  const suffix = Math.random().toString(16).slice(2, 6);
  const nodes = [`node-a-${suffix}`, `node-b-${suffix}`];
  const agentArgs = (node: string, i: number) => [
    ...joins[node]!,
    '--data-dir',
    path.join(dir, node),
    '--cgroup-parent',
    `stevedore-nf-${suffix}-${i}`,
    '--bridge',
    `stvdnf${suffix}${i}`,
    '--insecure-registry',
    registry.host,
  ];

  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'kubectl',
        ['--kubeconfig', path.join(dir, 'cp', 'kubeconfig'), '--cache-dir', path.join(dir, 'cache'), ...args],
        { timeout: 60000 },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
    });
  const podsByNode = async () => {
    const items = JSON.parse((await kubectl('get', 'pods', '-l', 'app=spread', '-o', 'json')).stdout || '{"items":[]}').items as any[];
    return items
      .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running')
      .reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.spec.nodeName]: (acc[p.spec.nodeName] ?? 0) + 1 }), {});
  };

  beforeAll(async () => {
    dir = await makeTempDir('node-failure');
    [etcd, registry] = await Promise.all([startEtcd(), startRegistry()]);
    images = await pushTestImages(registry);
    const apiPort = await freePort();
    const agentPort = await freePort();
    // Failure detection shortened from Kubernetes' 40 s / 300 s so the suite runs in seconds.
    controlPlane = launch([
      'control-plane',
      '--node-monitor-grace-period',
      '10',
      '--pod-eviction-timeout',
      '20',
      '--data-dir',
      path.join(dir, 'cp'),
      '--api-port',
      String(apiPort),
      '--agent-port',
      String(agentPort),
      ...etcd.flags(),
      ...nodes.flatMap((n) => ['--node', n]),
    ]);
    await waitFor(async () => controlPlane.output().includes('control plane up'), {
      what: `the control plane (${controlPlane.output()})`,
      timeoutMs: 30000,
    });
    for (const line of controlPlane.output().split('\n')) {
      const m = /^join (\S+): stevedore agent (.*)$/.exec(line);
      if (m) joins[m[1]!] = m[2]!.split(' ');
    }
    nodes.forEach((node, i) => (agents[node] = launch(['agent', ...agentArgs(node, i)])));
    await waitFor(async () => (await kubectl('get', 'nodes')).stdout.split('\n').filter((l) => / Ready /.test(l)).length === 2, {
      what: 'two Ready nodes',
      timeoutMs: 30000,
    });
  });

  afterAll(async () => {
    await kubectl('delete', 'deploy', '--all', '--wait=false');
    await kubectl('delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    const leftovers: string[] = [];
    for (const [i, node] of nodes.entries()) {
      await (agents[node] && stopProcess(agents[node]!.child));
      await removeAgentContainers(path.join(dir, node), `stevedore-nf-${suffix}-${i}`);
      await removeCgroupParent(`stevedore-nf-${suffix}-${i}`);
      leftovers.push(...(await cgroupDirs(`stevedore-nf-${suffix}-${i}`)));
      await new Promise((resolve) => execFile('ip', ['link', 'delete', `stvdnf${suffix}${i}`], resolve));
      await removeChains(serviceChainPrefix(node));
    }
    for (const uid of (await Promise.all(nodes.map((n) => podUidsIn(path.join(dir, n))))).flat()) {
      await new Promise((resolve) => execFile('ip', ['netns', 'delete', netnsNameFor(uid)], resolve));
    }
    await (controlPlane && stopProcess(controlPlane.child));
    await etcd?.stop();
    await registry?.stop();
    await fs.rm(dir, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
  });

  it('replaces the pods of a node whose agent dies, and cleans up when it returns', async () => {
    await kubectl(
      'create',
      'deployment',
      'spread',
      `--image=${images.busybox}`,
      '--replicas=4',
      '--',
      'sh',
      '-c',
      "trap 'exit 0' TERM; while true; do sleep 0.2; done",
    );
    await waitFor(
      async () => Object.keys(await podsByNode()).length === 2 && Object.values(await podsByNode()).reduce((a, b) => a + b, 0) === 4,
      { what: 'four pods spread over both nodes', timeoutMs: 60000 },
    );
    const [victim, survivor] = nodes as [string, string];
    const killedAt = Date.now();
    const gone = new Promise((resolve) => agents[victim]!.child.once('exit', resolve));
    agents[victim]!.child.kill('SIGKILL');
    await gone;
    await waitFor(async () => new RegExp(`^${victim}\\s+NotReady`, 'm').test((await kubectl('get', 'nodes')).stdout), {
      what: 'the node to be NotReady',
      timeoutMs: 30000,
    }).catch(async (err) => {
      throw new Error(
        `${err.message}: ${(await kubectl('get', 'leases', '-n', 'kube-node-lease', '-o', 'yaml')).stdout} ${(await kubectl('get', 'nodes', '-o', 'yaml')).stdout.slice(0, 3000)} ${new Date().toISOString()}`,
      );
    });
    const notReadyAfter = Date.now() - killedAt;
    await waitFor(async () => (await podsByNode())[survivor] === 4, { what: 'all four pods on the surviving node', timeoutMs: 90000 });
    const recoveredAfter = Date.now() - killedAt;
    process.stdout.write(`node NotReady after ${notReadyAfter} ms; 4 pods running on ${survivor} after ${recoveredAfter} ms\n`);
    expect(notReadyAfter).toBeLessThan(30000);

    agents[victim] = launch(['agent', ...agentArgs(victim, 0)]);
    await waitFor(async () => new RegExp(`^${victim}\\s+Ready`, 'm').test((await kubectl('get', 'nodes')).stdout), {
      what: 'the node to be Ready again',
      timeoutMs: 30000,
    });
    await waitFor(async () => (await stevedore(path.join(dir, victim), 'ps', '-q')).stdout.trim() === '', {
      what: 'the returning node to stop its stale containers',
      timeoutMs: 60000,
    });
    // The node confirms each stop after removing the container: the API drops its pods a moment later.
    const listed = await waitFor(
      async () => {
        const { stdout } = await kubectl('get', 'pods', '-l', 'app=spread');
        return !/Terminating/.test(stdout) && stdout;
      },
      { what: "the returning node's deleted pods to leave the API", timeoutMs: 15000 },
    ).catch(async () => (await kubectl('get', 'pods', '-l', 'app=spread')).stdout);
    expect(listed).not.toMatch(/Terminating/);
  });
});
