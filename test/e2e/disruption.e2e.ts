// PodDisruptionBudgets with the real kubectl on the all-in-one cluster: `kubectl get pdb` shows
// what the disruption controller computed, and `kubectl drain` evicts only what the budget allows.

import { waitFor } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

const REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";

describe('PodDisruptionBudgets and kubectl drain', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
  const apply = (name: string, yaml: string) => applyManifest(cluster, name, yaml);
  const webPods = async (): Promise<{ metadata: { name: string; deletionTimestamp?: string } }[]> =>
    (await getJson('pods', '-l', 'app=web')).items ?? [];
  /** `kubectl get pdb web` once the controller has seen the budget's generation with every pod healthy it expects. */
  const pdbRow = (pattern: RegExp) =>
    waitFor(
      async () => {
        const out = (await kubectl('get', 'pdb', 'web')).stdout;
        return pattern.test(out) ? out : undefined;
      },
      { what: `kubectl get pdb web matching ${pattern}`, timeoutMs: 30000 },
    );
  const drain = () => kubectl('drain', cluster.nodeName, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=15s');
  const uncordon = async () => {
    expect((await kubectl('uncordon', cluster.nodeName)).code).toBe(0);
    expect((await kubectl('get', 'node', cluster.nodeName)).stdout).not.toMatch(/SchedulingDisabled/);
  };

  it('shows no allowed disruption for a Deployment of 2 with minAvailable 2', async () => {
    const applied = await apply(
      'web',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`,
    );
    expect(applied.code).toBe(0);
    expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
    await waitFor(async () => (await getJson('pdb', 'web')).status?.currentHealthy === 2, { what: 'two healthy pods', timeoutMs: 30000 });
    const out = await pdbRow(/^web\s+2\s+N\/A\s+0\s+\S+\s*$/m);
    expect(out).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\s*$/m);
  });

  it('refuses to drain the node past the budget, then the node is uncordoned', async () => {
    const before = (await webPods()).map((p) => p.metadata.name);
    const result = await drain();
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(REFUSAL);
    expect(result.stdout).not.toMatch(/evicted/);
    const after = await webPods();
    expect(after.map((p) => p.metadata.name).sort()).toEqual([...before].sort());
    expect(after.every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    await uncordon();
  });

  it('with minAvailable 1, drain evicts one pod and the budget stops the other', async () => {
    expect((await kubectl('patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}')).code).toBe(0);
    await pdbRow(/^web\s+1\s+N\/A\s+1\s+/m);
    const before = (await webPods()).map((p) => p.metadata.name);
    const result = await drain();
    // The evicted pod's replacement cannot run on the cordoned node, so the second eviction waits out the timeout.
    expect(result.code).not.toBe(0);
    const evicted = before.filter((name) => result.stdout.includes(`pod/${name} evicted`));
    expect(evicted).toHaveLength(1);
    expect(result.stdout + result.stderr).toContain(REFUSAL);
    await pdbRow(/^web\s+1\s+N\/A\s+0\s+/m);
    await uncordon();
    expect((await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s')).code).toBe(0);
    await pdbRow(/^web\s+1\s+N\/A\s+1\s+/m);
  });
});
