// Joining (issue 19): one control plane is started with `stevedore up` on a simulated host; two
// more hosts join it with the `stevedore join --control-plane` command it printed (each adds its
// own etcd member through etcd's member API). `kubectl apply` works through every one of them;
// then one leaves with `stevedore leave`, etcd lists two members, and the cluster keeps taking
// writes through the two that remain. The one that left joins again, and another host is lost
// for good and its member removed with `stevedore remove-control-plane` from a remaining one.

import { makeTempDir, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ROOT_ADDRESS } from '../multihost/host-network';
import {
  downCluster,
  joinControlPlaneHost,
  joinWorkerHost,
  killHost,
  leaveControlPlaneHost,
  type MultiHostCluster,
  printedJoinArgs,
  rejoinControlPlaneHost,
  stevedoreOn,
  upCluster,
} from '../multihost/multihost-cluster';
import { CLI } from './support/agent-process';

jest.setTimeout(400_000);

type Run = { code: number; stdout: string; stderr: string };

const run = (command: string, args: string[]) =>
  new Promise<Run>((resolve) =>
    execFile(command, args, { timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })),
  );

describe('control planes joining and leaving a running cluster', () => {
  let cluster: MultiHostCluster;
  let dataDir: string;

  const kubectl = (host: number, ...args: string[]) =>
    run('kubectl', ['--kubeconfig', path.join(cluster.hosts[host - 1]!.dataDir, 'kubeconfig'), ...args]);
  const applyConfigMap = async (host: number, name: string) => {
    const file = path.join(dataDir, `${name}.yaml`);
    await fs.writeFile(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {via: host-${host}}\n`);
    return kubectl(host, 'apply', '-f', file);
  };
  /** `etcdctl member list` against host-1's member, with host-1's etcd client certificate. */
  const memberList = async () => {
    const pki = path.join(cluster.hosts[0]!.dataDir, 'pki', 'etcd');
    const result = await run('etcdctl', [
      ...['--endpoints', `https://${cluster.hosts[0]!.ip}:2379`, '--cacert', path.join(pki, 'ca.crt')],
      ...['--cert', path.join(pki, 'apiserver-etcd-client.crt'), '--key', path.join(pki, 'apiserver-etcd-client.key')],
      ...['member', 'list', '-w', 'json'],
    ]);
    expect(result.stderr).toBe('');
    return (JSON.parse(result.stdout) as { members: { name: string; isLearner?: boolean }[] }).members;
  };

  beforeAll(async () => {
    dataDir = await makeTempDir('cp-join');
    cluster = await upCluster({ dataDir: path.join(dataDir, 'cluster'), nodes: 1 });
  });

  afterAll(async () => {
    if (cluster) {
      const { leftoverCgroups } = await downCluster(cluster.dataDir);
      expect(leftoverCgroups).toEqual([]);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('prints the join commands, which a wrong CA hash cannot use', async () => {
    const args = await printedJoinArgs(cluster, 'control-plane');
    expect(args).toEqual([
      '--server',
      '198.18.0.11:6445',
      '--ca-cert-hash',
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      '--token',
      expect.any(String),
    ]);
    // The worker's token is another one: the control plane's hands out the cluster CA's key.
    const workerArgs = await printedJoinArgs(cluster, 'worker');
    expect(workerArgs.slice(0, 4)).toEqual(args.slice(0, 4));
    expect(workerArgs[5]).not.toBe(args[5]);
    // From the root namespace (198.18.0.1 on the test bed's bridge): refused before anything is sent or started.
    const wrongHash = args.map((a) => (a.startsWith('sha256:') ? `sha256:${'0'.repeat(64)}` : a));
    const refused = await run(process.execPath, [
      ...[CLI, 'join', '--control-plane', ...wrongHash],
      ...['--data-dir', path.join(dataDir, 'refused'), '--bind-address', ROOT_ADDRESS, '--node-name', 'intruder'],
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/hashes to sha256:[0-9a-f]{64}, not sha256:0{64}: refusing to join/);
    await expect(fs.access(path.join(dataDir, 'refused', 'pki'))).rejects.toThrow();
    expect((await memberList()).map((m) => m.name)).toEqual(['host-1']);
  });

  it('takes two more control planes, each with its own etcd member, and serves kubectl apply from all three', async () => {
    const args = await printedJoinArgs(cluster, 'control-plane');
    await joinControlPlaneHost(cluster, args);
    await joinControlPlaneHost(cluster, args);
    const members = await memberList();
    expect(members.map((m) => m.name).sort()).toEqual(['host-1', 'host-2', 'host-3']);
    expect(members.filter((m) => m.isLearner)).toEqual([]);
    for (const host of [1, 2, 3]) {
      const applied = await applyConfigMap(host, `via-host-${host}`);
      expect(applied.stderr).toBe('');
      expect(applied.stdout.trim()).toBe(`configmap/via-host-${host} created`);
    }
    // Each one's write is seen through every other (one etcd cluster, not three).
    expect((await kubectl(1, 'get', 'configmaps', '-o', 'name')).stdout).toContain('configmap/via-host-3');
    expect((await kubectl(3, 'get', 'configmaps', '-o', 'name')).stdout).toContain('configmap/via-host-1');
    const nodes = await waitFor(
      async () => {
        const lines = (await kubectl(2, 'get', 'nodes', '--no-headers')).stdout.trim().split('\n');
        return lines.filter((l) => / Ready /.test(l)).length === 3 && lines;
      },
      { what: 'three Ready nodes', timeoutMs: 60_000 },
    );
    expect(nodes.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['host-1', 'host-2', 'host-3']);
  });

  it('takes a worker with the printed worker command, and refuses it the control-plane credentials', async () => {
    const workerArgs = await printedJoinArgs(cluster, 'worker');
    const worker = await joinWorkerHost(cluster, workerArgs);
    await waitFor(async () => / Ready /.test((await kubectl(1, 'get', 'node', worker.name, '--no-headers')).stdout), {
      what: `${worker.name} Ready`,
      timeoutMs: 60_000,
    });
    // The worker token does not open the control-plane path (it would hand out the CA's key).
    const refused = await run(process.execPath, [
      ...[CLI, 'join', '--control-plane', ...workerArgs],
      ...['--data-dir', path.join(dataDir, 'worker-as-cp'), '--bind-address', ROOT_ADDRESS, '--node-name', 'sneaky'],
    ]);
    expect(refused.stderr).toMatch(/the join server refused \(401\): the control-plane join token is not valid/);
    expect((await memberList()).map((m) => m.name).sort()).toEqual(['host-1', 'host-2', 'host-3']);
  });

  it('lets one leave: its etcd member is removed and the other two keep taking writes', async () => {
    const output = await leaveControlPlaneHost(cluster, 'host-3');
    expect(output).toMatch(/removed etcd member host-3 \(\d+\); 2 member\(s\) left/);
    expect((await memberList()).map((m) => m.name).sort()).toEqual(['host-1', 'host-2']);
    expect((await run('ip', ['netns', 'pids', cluster.hosts[2]!.netns])).stdout.trim()).toBe('');
    await expect(fs.access(path.join(cluster.hosts[2]!.dataDir, 'etcd'))).rejects.toThrow();
    for (const host of [1, 2]) {
      const applied = await applyConfigMap(host, `after-leave-${host}`);
      expect(applied.stdout.trim()).toBe(`configmap/after-leave-${host} created`);
    }
    expect((await kubectl(2, 'get', 'configmap', 'after-leave-1', '-o', 'jsonpath={.data.via}')).stdout).toBe('host-1');
  });

  it("takes the host that left back, and removes a lost host's member from a remaining control plane", async () => {
    await rejoinControlPlaneHost(cluster, 'host-3', await printedJoinArgs(cluster, 'control-plane'));
    expect((await memberList()).map((m) => m.name).sort()).toEqual(['host-1', 'host-2', 'host-3']);
    expect((await applyConfigMap(3, 'after-rejoin')).stdout.trim()).toBe('configmap/after-rejoin created');
    // host-2 is lost for good: two of three members keep quorum, and its member is removed.
    await killHost(cluster, 'host-2');
    const output = await stevedoreOn(cluster.hosts[0]!, ['remove-control-plane', 'host-2', '--data-dir', cluster.hosts[0]!.dataDir]);
    expect(output.trim()).toMatch(/^removed etcd member host-2 \(\d+\); 2 member\(s\) left$/);
    expect((await memberList()).map((m) => m.name).sort()).toEqual(['host-1', 'host-3']);
    for (const host of [1, 3])
      expect((await applyConfigMap(host, `after-loss-${host}`)).stdout.trim()).toBe(`configmap/after-loss-${host} created`);
  });
});
