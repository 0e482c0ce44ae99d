// Two `stevedore control-plane` processes on one etcd (with TLS), and one agent that knows both.
// Exactly one control plane holds each of the kube-scheduler and kube-controller-manager Leases;
// a Deployment written through the follower is reconciled by the leader and reaches the agent.
// kill -9 of the leader: the other takes both Leases within ~20 s, a scaled Deployment reaches
// its replicas with no duplicate pods, and the agent moved over without restarting containers.

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
import * as os from 'os';
import * as path from 'path';
import { CLI } from './support/agent-process';
import { cgroupDirs, removeCgroupParent } from './support/busybox-rootfs';
import { podUidsIn, removeAgentContainers } from './support/cluster-process';
import { ownPodRange } from './support/pod-range';

jest.setTimeout(300_000);

type Result = { code: number; stdout: string; stderr: string };
type LeaseSpec = { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; leaseTransitions?: number };
type PodView = {
  metadata: { name: string; deletionTimestamp?: string };
  status?: { phase?: string; containerStatuses?: { containerID?: string; restartCount: number }[] };
};
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

const LEASES = ['kube-controller-manager', 'kube-scheduler'];

describe('several control planes with leader election', () => {
  let dir: string;
  let etcd: RunningEtcd | undefined;
  let registry: RunningRegistry | undefined;
  let images: TestImages;
  const planes: Record<'a' | 'b', Proc | undefined> = { a: undefined, b: undefined };
  let agent: Proc | undefined;
  let ports: Record<'a' | 'b', number[]>;
  const suffix = Math.random().toString(16).slice(2, 6);
  const node = `le-${suffix}`;
  const [cgroupParent, bridge] = [`stevedore-le-${suffix}`, `stvdle${suffix}`];

  const kubectl = (plane: 'a' | 'b', ...args: string[]) =>
    new Promise<Result>((resolve) => {
      const config = ['--kubeconfig', path.join(dir, plane, 'kubeconfig'), '--cache-dir', path.join(dir, `cache-${plane}`)];
      execFile('kubectl', [...config, ...args], { timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
    });
  const identity = async (plane: 'a' | 'b') =>
    `${os.hostname()}_${(await fs.readFile(path.join(dir, plane, 'leader-election-id'), 'utf8')).trim()}`;
  const holders = async (plane: 'a' | 'b') => {
    const out = (await kubectl(plane, 'get', 'leases', '-n', 'kube-system', '-o', 'json')).stdout;
    const items = JSON.parse(out || '{"items":[]}').items as { metadata: { name: string }; spec?: LeaseSpec }[];
    return Object.fromEntries(items.filter((l) => LEASES.includes(l.metadata.name)).map((l) => [l.metadata.name, l.spec ?? {}]));
  };
  const pods = async (plane: 'a' | 'b') =>
    (JSON.parse((await kubectl(plane, 'get', 'pods', '-l', 'app=web', '-o', 'json')).stdout || '{"items":[]}').items as PodView[]).filter(
      (p) => !p.metadata.deletionTimestamp,
    );
  const runningIds = (list: PodView[]) =>
    Object.fromEntries(
      list.filter((p) => p.status?.phase === 'Running').map((p) => [p.metadata.name, p.status?.containerStatuses?.[0]?.containerID]),
    );

  const startPlane = async (plane: 'a' | 'b', args: string[]) => {
    const proc = launch(['control-plane', '--data-dir', path.join(dir, plane), ...args]);
    planes[plane] = proc;
    await waitFor(
      async () => proc.output().includes('control plane up') || (proc.child.exitCode !== null && Promise.reject(new Error(proc.output()))),
      {
        what: `control plane ${plane}`,
        timeoutMs: 30_000,
      },
    );
    return proc;
  };

  beforeAll(async () => {
    dir = await makeTempDir('leader-election');
    [etcd, registry] = await Promise.all([startEtcd(), startRegistry()]);
    images = await pushTestImages(registry);
    const common = [...etcd.flags(), '--cluster-cidr', ownPodRange()];
    ports = { a: [await freePort(), await freePort()], b: [await freePort(), await freePort()] };
    const portArgs = (p: 'a' | 'b') => ['--api-port', String(ports[p][0]), '--agent-port', String(ports[p][1])];
    const a = await startPlane('a', [...portArgs('a'), ...common, '--node', node]);
    // Alone, a leads both groups at once.
    await waitFor(async () => Object.keys(await holders('a')).length === 2, { what: 'a to take both leases', timeoutMs: 20_000 });
    // The second control plane shares the cluster's PKI (CA, service-account keys, node tokens), as kubeadm copies it.
    await fs.cp(path.join(dir, 'a', 'pki'), path.join(dir, 'b', 'pki'), { recursive: true });
    await startPlane('b', [...portArgs('b'), ...common]);
    const join = /^join \S+: stevedore agent --server (\S+) (.*)$/m.exec(a.output());
    if (!join) throw new Error(`no join line: ${a.output()}`);
    const servers = `${join[1]},127.0.0.1:${ports.b[1]}`;
    agent = launch([
      'agent',
      '--server',
      servers,
      ...join[2]!.split(' '),
      '--data-dir',
      path.join(dir, 'node'),
      '--cgroup-parent',
      cgroupParent,
      '--bridge',
      bridge,
      '--insecure-registry',
      registry.host,
    ]);
    await waitFor(async () => new RegExp(`^${node}\\s+Ready`, 'm').test((await kubectl('b', 'get', 'nodes')).stdout), {
      what: 'the node to be Ready',
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    const alive = planes.b ? 'b' : 'a';
    if (dir) await kubectl(alive, 'delete', 'deploy', '--all', '--wait=false');
    if (dir) await kubectl(alive, 'delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    await (agent && stopProcess(agent.child));
    await removeAgentContainers(path.join(dir, 'node'), cgroupParent);
    await removeCgroupParent(cgroupParent);
    const leftovers = await cgroupDirs(cgroupParent);
    await new Promise((resolve) => execFile('ip', ['link', 'delete', bridge], resolve));
    await removeChains(serviceChainPrefix(node));
    for (const uid of await podUidsIn(path.join(dir, 'node'))) {
      await new Promise((resolve) => execFile('ip', ['netns', 'delete', netnsNameFor(uid)], resolve));
    }
    for (const plane of Object.values(planes)) await (plane && stopProcess(plane.child));
    await etcd?.stop();
    await registry?.stop();
    await fs.rm(dir, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
  });

  it('fails over the singletons and the agent when the leader is killed', async () => {
    const [idA, idB] = [await identity('a'), await identity('b')];
    expect(idA).not.toBe(idB);
    // Exactly one holder per lease, the same seen through either API server, with client-go's fields.
    const before = await holders('b');
    for (const name of LEASES) {
      expect(before[name]).toMatchObject({ holderIdentity: idA, leaseDurationSeconds: 15, leaseTransitions: 0 });
      expect(before[name]!.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(await holders('a')).toEqual(expect.objectContaining({ 'kube-scheduler': expect.objectContaining({ holderIdentity: idA }) }));
    expect((await kubectl('b', 'get', 'leases', '-n', 'kube-system')).stdout).toMatch(new RegExp(`kube-scheduler\\s+${idA}`));
    const leads = async (plane: 'a' | 'b') =>
      (await kubectl(plane, 'get', '--raw', '/metrics')).stdout.match(/^leader_election_master_status\{name="[a-z-]+"\} (\d)$/gm);
    expect(await leads('a')).toEqual(
      expect.arrayContaining([expect.stringMatching(/kube-scheduler.* 1$/), expect.stringMatching(/kube-controller-manager.* 1$/)]),
    );
    expect((await leads('b'))?.every((line) => line.endsWith(' 0'))).toBe(true);

    // Written through the follower b; reconciled and scheduled by a; the agent (on a) runs the pods.
    expect(
      (await kubectl('b', 'create', 'deployment', 'web', `--image=${images.busybox}`, '--replicas=2', '--', 'sleep', '3600')).code,
    ).toBe(0);
    await waitFor(async () => Object.keys(runningIds(await pods('b'))).length === 2, { what: 'two web pods Running', timeoutMs: 90_000 });
    const idsBefore = runningIds(await pods('b'));
    // A custom kind defined through the leader is served by the follower too.
    const crd = path.join(dir, 'crd.yaml');
    await fs.writeFile(
      crd,
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
`,
    );
    expect((await kubectl('a', 'apply', '-f', crd)).code).toBe(0);
    await waitFor(async () => (await kubectl('b', 'get', 'widgets')).code === 0, { what: 'b to serve widgets', timeoutMs: 15_000 });

    planes.a!.child.kill('SIGKILL');
    await new Promise((resolve) => planes.a!.child.once('exit', resolve));
    planes.a = undefined;
    const killedAt = Date.now();
    await waitFor(async () => Object.values(await holders('b')).every((l) => l.holderIdentity === idB), {
      what: 'b to take both leases',
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    expect(takeoverSeconds).toBeLessThan(20);
    for (const spec of Object.values(await holders('b'))) expect(spec.leaseTransitions).toBe(1);
    expect((await leads('b'))?.every((line) => line.endsWith(' 1'))).toBe(true);

    // The agent moved to b and kept its containers; b's controllers scale the Deployment.
    await waitFor(
      async () =>
        agent!.output().split('lost the control plane session').pop()!.includes(`with the control plane at 127.0.0.1:${ports.b[1]}`),
      {
        what: 'the agent to register with b',
        timeoutMs: 20_000,
      },
    );
    expect((await kubectl('b', 'scale', 'deployment', 'web', '--replicas=4')).code).toBe(0);
    await waitFor(async () => Object.keys(runningIds(await pods('b'))).length === 4, { what: 'four web pods Running', timeoutMs: 90_000 });
    // No duplicates: exactly the replicas asked for, one ReplicaSet, and the first two untouched.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await pods('b');
    expect(after).toHaveLength(4);
    const idsAfter = runningIds(after);
    for (const [name, id] of Object.entries(idsBefore)) expect([name, idsAfter[name]]).toEqual([name, id]);
    expect(after.every((p) => p.status?.containerStatuses?.[0]?.restartCount === 0)).toBe(true);
    const sets = JSON.parse((await kubectl('b', 'get', 'rs', '-l', 'app=web', '-o', 'json')).stdout).items;
    expect(sets).toHaveLength(1);
    process.stdout.write(`leader takeover after kill -9: ${takeoverSeconds.toFixed(1)} s\n`);
  });
});
