// What recording managedFields costs the control plane's hot writes: a kubelet's pod status
// report, a node lease renewal, a controller's pod create and a binding, through the registry on
// the in-memory store, with the component's field manager and without (the floor, same run).
// Run: npx ts-node -r tsconfig-paths/register --transpile-only bench/field-manager-writes.ts
import { findResource } from '@stevedore/api';
import { type ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { podSpec } from './bench-pod';

const PODS = findResource('', 'pods')!;
const LEASES = findResource('coordination.k8s.io', 'leases')!;
const NAMESPACES = findResource('', 'namespaces')!;
const N = Number(process.env.N ?? 2000);

const pod = (i: number) => ({
  metadata: {
    name: `p-${i}`,
    labels: { app: 'web', 'pod-template-hash': 'abc123' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc123', uid: 'u', controller: true }],
  },
  spec: podSpec(),
});

const status = (i: number, round: number) => ({
  phase: 'Running',
  hostIP: '198.19.0.1',
  podIP: `198.19.${i >> 8}.${i & 255}`,
  podIPs: [{ ip: `198.19.${i >> 8}.${i & 255}` }],
  startTime: '2026-12-06T19:00:00Z',
  conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
    type,
    status: 'True',
    lastTransitionTime: `2026-12-06T19:00:${String(round % 60).padStart(2, '0')}Z`,
  })),
  containerStatuses: [
    {
      name: 'main',
      ready: true,
      restartCount: round,
      image: 'bench.local/pause:1',
      imageID: 'sha256:0123',
      containerID: `containerd://${i}-${round}`,
      started: true,
      state: { running: { startedAt: '2026-12-06T19:00:00Z' } },
    },
  ],
});

/** CPU time (this process's, user + system) per write: the machine is shared, so wall time says little. */
async function time(run: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

async function pass(manager: string | undefined, controller: string | undefined): Promise<Record<string, number>> {
  const base = new ObjectRegistry(new MemoryStore());
  await base.create(NAMESPACES, undefined, { metadata: { name: 'default' } });
  await base.create(NAMESPACES, undefined, { metadata: { name: 'kube-node-lease' } });
  const kubelet = manager ? base.withFieldManager(manager) : base;
  const controllers = controller ? base.withFieldManager(controller) : base;
  const out: Record<string, number> = {};
  out.create = await time(async () => {
    for (let i = 0; i < N; i++) await controllers.create(PODS, 'default', pod(i));
  });
  out.bind = await time(async () => {
    for (let i = 0; i < N; i++) {
      const current = await base.get<ApiObject>(PODS, 'default', `p-${i}`);
      const next = { ...current, spec: { ...current.spec, nodeName: 'n1' } };
      await kubelet.write(PODS, current, next, Number(current.metadata.resourceVersion), { untracked: true });
    }
  });
  out.status = await time(async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < N; i++) {
        await kubelet.modify(PODS, 'default', `p-${i}`, (p) => ({ ...p, status: status(i, round) }), undefined, {
          managerSubresource: 'status',
        });
      }
    }
  });
  out.status /= 3;
  for (let i = 0; i < N; i++)
    await kubelet.create(LEASES, 'kube-node-lease', { metadata: { name: `n-${i}` }, spec: { holderIdentity: `n-${i}` } });
  out.lease = await time(async () => {
    for (let i = 0; i < N; i++) {
      await kubelet.modify(LEASES, 'kube-node-lease', `n-${i}`, (l) => ({
        ...l,
        spec: { ...(l as ApiObject).spec, renewTime: new Date(Date.now() + i).toISOString().replace('Z', '000Z') },
      }));
    }
  });
  return out;
}

async function main() {
  // Floor and managers alternate, after a warm-up of each; the least of three rounds counts.
  const rounds: Record<string, number>[][] = [[], []];
  for (let round = 0; round < 4; round++) {
    const floor = await pass(undefined, undefined);
    const managed = await pass('kubelet', 'kube-controller-manager');
    if (!round) continue;
    rounds[0]!.push(floor);
    rounds[1]!.push(managed);
  }
  const least = (runs: Record<string, number>[], k: string) => Math.min(...runs.map((r) => r[k]!));
  console.log('write                  floor µs   with managers µs   added');
  for (const k of Object.keys(rounds[0]![0]!)) {
    const [floor, managed] = [least(rounds[0]!, k), least(rounds[1]!, k)];
    console.log(
      `${k.padEnd(20)} ${floor.toFixed(1).padStart(10)} ${managed.toFixed(1).padStart(18)} ${`${(((managed - floor) / floor) * 100).toFixed(0)} %`.padStart(8)}`,
    );
  }
}

void main();
