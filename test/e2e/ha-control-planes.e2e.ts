// Three control planes on three simulated hosts, each with an etcd member, and a fourth host with
// an agent (`npm run cluster -- --control-planes 3 --nodes 4`). One etcd member is killed under
// write load, then two (no quorum), and all come back. Then the host of the leading control
// plane is lost for good (every process on it killed, its etcd member with it): the others keep
// quorum, one of them takes both leases, and the cluster keeps accepting `kubectl apply`, with no
// pod running twice and no object lost.

import { freePort, makeTempDir, pushTestImages, type RunningRegistry, startRegistry, type TestImages, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import { ROOT_ADDRESS } from '../multihost/host-network';
import {
  downCluster,
  type HostRecord,
  killEtcdMember,
  killHost,
  type MultiHostCluster,
  restartControlPlane,
  restartEtcdMember,
  upCluster,
} from '../multihost/multihost-cluster';
import { resumingWatch } from './support/resuming-watch';

jest.setTimeout(400_000);

type Lease = { metadata: { name: string }; spec: { holderIdentity?: string; leaseTransitions?: number } };
type Pod = { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string } };

describe('three control planes on a three-member etcd cluster', () => {
  let cluster: MultiHostCluster;
  let registry: RunningRegistry;
  let images: TestImages;
  let dataDir: string;
  /** kubectl against one control plane's API (the kubeconfig names host-1's). */
  let server: string;

  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'kubectl',
        ['--kubeconfig', cluster.kubeconfig, '--server', server, '--cache-dir', path.join(dataDir, 'kube-cache'), ...args],
        { timeout: 30_000, maxBuffer: 16 << 20 },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
    });
  const apply = async (name: string, yaml: string) => {
    const file = path.join(dataDir, `${name}.yaml`);
    await fs.writeFile(file, yaml);
    return kubectl('apply', '-f', file);
  };
  const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: ${images.busybox}, command: [sleep, "3600"]}]
`;
  const running = async (app: string) =>
    (JSON.parse((await kubectl('get', 'pods', '-l', `app=${app}`, '-o', 'json')).stdout || '{"items":[]}').items as Pod[]).filter(
      (p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp,
    );
  const holders = async () =>
    (JSON.parse((await kubectl('get', 'leases', '-n', 'kube-system', '-o', 'json')).stdout || '{"items":[]}').items as Lease[]).filter(
      (l) => ['kube-scheduler', 'kube-controller-manager'].includes(l.metadata.name),
    );
  const hostOf = async (identity: string | undefined): Promise<HostRecord | undefined> => {
    for (const host of cluster.hosts.slice(0, 3)) {
      const id = (await fs.readFile(path.join(host.dataDir, 'leader-election-id'), 'utf8').catch(() => '')).trim();
      if (id && identity?.endsWith(`_${id}`)) return host;
    }
    return undefined;
  };

  beforeAll(async () => {
    dataDir = await makeTempDir('ha-cluster');
    const registryPort = await freePort();
    cluster = await upCluster({
      dataDir: path.join(dataDir, 'cluster'),
      nodes: 4,
      controlPlanes: 3,
      insecureRegistries: [`${ROOT_ADDRESS}:${registryPort}`],
    });
    server = `https://${cluster.hosts[0]!.ip}:6443`;
    registry = await startRegistry(ROOT_ADDRESS, registryPort);
    images = await pushTestImages(registry);
  });

  afterAll(async () => {
    if (cluster) {
      const { leftoverCgroups } = await downCluster(cluster.dataDir);
      expect(leftoverCgroups).toEqual([]);
    }
    await registry?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves the API from every control plane, with one leader for each lease', async () => {
    const nodes = await waitFor(
      async () => {
        const out = (await kubectl('get', 'nodes', '--no-headers')).stdout.trim().split('\n');
        return out.filter((l) => / Ready /.test(l)).length === 4 && out;
      },
      { what: 'four Ready nodes', timeoutMs: 60_000 },
    );
    expect(nodes).toHaveLength(4);
    for (const host of cluster.hosts.slice(0, 3)) {
      server = `https://${host.ip}:6443`;
      expect((await kubectl('get', 'namespace', 'kube-system', '-o', 'name')).stdout.trim()).toBe('namespace/kube-system');
    }
    const leases = await waitFor(async () => ((await holders()).length === 2 ? holders() : undefined), {
      what: 'both leases',
      timeoutMs: 30_000,
    });
    for (const lease of leases) expect(await hostOf(lease.spec.holderIdentity)).toBeDefined();
  });

  /** Creates ConfigMaps one after another through host-1's API until stopped; every answer recorded. */
  function writeLoad(namespace: string) {
    const answers: { name: string; status: number; ms: number }[] = [];
    let writing = true;
    const done = (async () => {
      const token = /token: (\S+)/.exec(await fs.readFile(cluster.kubeconfig, 'utf8'))![1]!;
      for (let i = 0; writing; i++) {
        const name = `w-${i}`;
        const started = Date.now();
        const status = await new Promise<number>((resolve) => {
          const req = https.request(
            {
              host: cluster.hosts[0]!.ip,
              port: 6443,
              method: 'POST',
              path: `/api/v1/namespaces/${namespace}/configmaps`,
              rejectUnauthorized: false,
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode!));
            },
          );
          req.setTimeout(30_000, () => req.destroy());
          req.on('error', () => resolve(0));
          req.end(JSON.stringify({ metadata: { name } }));
        });
        answers.push({ name, status, ms: Date.now() - started });
      }
    })();
    return {
      answers,
      async stop() {
        writing = false;
        await done;
      },
    };
  }

  // Fault 2 of the fault-injection suite (docs/reliability.md has the figures).
  it('keeps writing through one etcd member lost; answers quickly without quorum and recovers by itself', async () => {
    server = `https://${cluster.hosts[0]!.ip}:6443`;
    expect((await kubectl('create', 'namespace', 'load')).code).toBe(0);
    const load = writeLoad('load');
    await new Promise((r) => setTimeout(r, 2000));
    await killEtcdMember(cluster, 'host-3');
    const oneDownAt = load.answers.length;
    await new Promise((r) => setTimeout(r, 8000));
    const duringOneDown = load.answers.slice(oneDownAt);
    const restartedAt = Date.now();
    await restartEtcdMember(cluster, 'host-3');
    const rejoinSeconds = (Date.now() - restartedAt) / 1000;
    await load.stop();
    const oneDown = { writes: duringOneDown.length, ok: duringOneDown.filter((a) => a.status === 201).length };
    expect(oneDown.ok).toBeGreaterThan(0);

    // Two members down: no quorum. Requests fail, within the request timeout, and nothing crashes.
    await killEtcdMember(cluster, 'host-2');
    await killEtcdMember(cluster, 'host-3');
    const started = Date.now();
    const refused = await kubectl('create', 'configmap', 'no-quorum', '-n', 'load');
    const refusedSeconds = (Date.now() - started) / 1000;
    expect(refused.code).not.toBe(0);
    expect(refusedSeconds).toBeLessThan(25);
    await restartEtcdMember(cluster, 'host-2');
    await restartEtcdMember(cluster, 'host-3');
    const quorumAt = Date.now();
    const recovered = await waitFor(
      async () =>
        (await kubectl('create', 'configmap', 'after-quorum', '-n', 'load')).code === 0 ? (Date.now() - quorumAt) / 1000 : undefined,
      { what: 'a write once quorum is back', timeoutMs: 60_000 },
    );

    // Objects lost: every write answered 201 is there.
    const stored = new Set(
      (await kubectl('get', 'configmaps', '-n', 'load', '-o', 'name')).stdout.split('\n').map((line) => line.replace('configmap/', '')),
    );
    const lost = load.answers.filter((a) => a.status === 201 && !stored.has(a.name)).map((a) => a.name);
    expect(lost).toEqual([]);
    process.stdout.write(
      `etcd member lost: ${oneDown.ok}/${oneDown.writes} writes answered 201 in the 8 s with one member down, ` +
        `the member rejoined healthy ${rejoinSeconds.toFixed(1)} s after its restart; without quorum a write failed after ` +
        `${refusedSeconds.toFixed(1)} s; writes were accepted ${recovered.toFixed(1)} s after quorum returned; objects lost: ${lost.length}\n`,
    );
    // The singletons stopped without quorum: wait until both leases are held again before going on.
    await waitFor(async () => ((await holders()).every((l) => l.spec.holderIdentity) ? true : undefined), {
      what: 'both leases held again',
      timeoutMs: 60_000,
    });
  });

  /** One HTTPS request to a control plane with the admin token; status 0 when it could not be made. */
  const call = (host: HostRecord, method: string, urlPath: string, token: string, body?: object) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const req = https.request(
        {
          host: host.ip,
          port: 6443,
          method,
          path: urlPath,
          rejectUnauthorized: false,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.setTimeout(20_000, () => req.destroy());
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.end(body ? JSON.stringify(body) : undefined);
    });

  /** Counts how often each ConfigMap of `namespace` is seen added, by a watch that resumes across the control planes. */
  function watchAcross(planes: HostRecord[], token: string, namespace: string) {
    const added = new Map<string, number>();
    const watch = resumingWatch<{ metadata: { name: string; resourceVersion: string } }>({
      servers: () => planes.map((p) => `https://${p.ip}:6443`),
      token,
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      // A relist must not count an object as added again: only names never seen are recorded.
      onList: (items) => {
        for (const item of items) if (!added.has(item.metadata.name)) added.set(item.metadata.name, 1);
      },
      onEvent: (type, object) => {
        if (type === 'ADDED') added.set(object.metadata.name, (added.get(object.metadata.name) ?? 0) + 1);
      },
    });
    return { added, relists: watch.relists, stop: watch.stop };
  }

  // Fault 8 of the fault-injection suite (docs/reliability.md has the figures).
  it('restarts every control plane in turn while a client writes, lists and watches without missing an event', async () => {
    const planes = cluster.hosts.slice(0, 3);
    const token = /token: (\S+)/.exec(await fs.readFile(cluster.kubeconfig, 'utf8'))![1]!;
    server = `https://${planes[0]!.ip}:6443`;
    expect((await kubectl('create', 'namespace', 'rolling')).code).toBe(0);
    const watcher = watchAcross(planes, token, 'rolling');
    let writing = true;
    let worstTries = 0;
    const written: string[] = [];
    const failures: string[] = [];
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const name = `r-${n}`;
        // A failed request goes to the next control plane, once; count how many tries each needed.
        for (let tries = 1; ; tries++) {
          const res = await call(planes[(n + tries) % planes.length]!, 'POST', '/api/v1/namespaces/rolling/configmaps', token, {
            metadata: { name },
          });
          if (res.status === 201 || res.status === 409) {
            written.push(name);
            worstTries = Math.max(worstTries, tries);
            break;
          }
          failures.push(`${name} try ${tries} on ${planes[(n + tries) % planes.length]!.name}: ${res.status} ${res.body.slice(0, 160)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = Date.now();
    for (const plane of planes) await restartControlPlane(cluster, plane.name);
    const rolledSeconds = (Date.now() - started) / 1000;
    writing = false;
    await writer;
    await waitFor(async () => written.every((n) => watcher.added.has(n)) || undefined, {
      what: 'the watcher to see every write',
      timeoutMs: 30_000,
    });
    await watcher.stop();
    const twice = [...watcher.added].filter(([, times]) => times > 1).map(([name]) => name);
    process.stdout.write(
      `rolling restart of 3 control planes in ${rolledSeconds.toFixed(1)} s: ${written.length} writes, the worst took ${worstTries} tries; ` +
        `the watcher saw every one once, relisted ${watcher.relists()} times\n`,
    );
    expect(written.length).toBeGreaterThan(10);
    // No request fails for longer than one retry; the failed tries are shown when one did.
    if (worstTries > 2) throw new Error(`a write took ${worstTries} tries:\n${failures.join('\n')}`);
    expect(twice).toEqual([]);
    expect(watcher.relists()).toBe(0);
  });

  it("keeps accepting kubectl apply after the leader's host is lost for good", async () => {
    expect((await apply('before', deployment('before', 4))).code).toBe(0);
    await waitFor(async () => (await running('before')).length === 4 || undefined, { what: '4 pods of before', timeoutMs: 90_000 });
    const leader = (await hostOf((await holders()).find((l) => l.metadata.name === 'kube-controller-manager')?.spec.holderIdentity))!;
    expect(leader).toBeDefined();
    // Talk to a control plane that survives.
    server = `https://${cluster.hosts.slice(0, 3).find((h) => h.name !== leader.name)!.ip}:6443`;
    const lostAt = Date.now();
    await killHost(cluster, leader.name);

    const takeover = await waitFor(
      async () => {
        const leases = await holders();
        const hosts = await Promise.all(leases.map((l) => hostOf(l.spec.holderIdentity)));
        return leases.length === 2 && hosts.every((h) => h && h.name !== leader.name) ? (Date.now() - lostAt) / 1000 : undefined;
      },
      { what: 'a surviving control plane to take both leases', timeoutMs: 60_000 },
    );
    const applied = await waitFor(
      async () => ((await apply('after', deployment('after', 3))).code === 0 ? (Date.now() - lostAt) / 1000 : undefined),
      {
        what: 'kubectl apply through a surviving control plane',
        timeoutMs: 30_000,
      },
    );
    const scaled = await kubectl('scale', 'deployment', 'before', '--replicas', '5');
    expect(scaled.stderr).toBe('');
    const settled = await waitFor(
      async () => {
        const [before, after] = [await running('before'), await running('after')];
        const onSurvivors = [...before, ...after].every((p) => p.spec.nodeName !== leader.name);
        return before.length === 5 && after.length === 3 && onSurvivors ? (Date.now() - lostAt) / 1000 : undefined;
      },
      { what: 'both Deployments running on the surviving hosts', timeoutMs: 120_000 },
    );
    // No pod running twice: each Deployment has exactly its replicas, under one ReplicaSet each.
    const replicaSets = JSON.parse((await kubectl('get', 'replicasets', '-o', 'json')).stdout).items as { metadata: { name: string } }[];
    expect(replicaSets.map((r) => r.metadata.name.replace(/-[a-z0-9]+$/, '')).sort()).toEqual(['after', 'before']);
    process.stdout.write(
      `control-plane host lost: leases taken over after ${takeover.toFixed(1)} s, apply accepted after ${applied.toFixed(1)} s, ` +
        `both Deployments settled on the survivors after ${settled.toFixed(1)} s\n`,
    );
    expect(takeover).toBeLessThan(30);
  });
});
