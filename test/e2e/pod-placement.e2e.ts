// Inter-pod affinity and topology spread constraints with the real kubectl on the all-in-one
// cluster (one node): a second replica that must not share a host with the first stays Pending
// with kube-scheduler's reason, a pod that must join another waits for it, and a spread
// constraint over a label the node lacks holds its pod until the node is labelled; a pod with
// scheduling gates waits until they are all removed.

import { waitFor } from '@stevedore/testing';
import { clusterForSuite } from './support/cluster-with-images';

jest.setTimeout(180_000);

interface PodJson {
  metadata: { name: string };
  spec: { nodeName?: string };
  status: { phase?: string };
}

describe('pod affinity, anti-affinity and topology spread', () => {
  const suite = clusterForSuite();
  const { kubectl, apply, succeeds } = suite;
  const pods = async (selector: string): Promise<PodJson[]> =>
    JSON.parse((await kubectl('get', 'pods', '-l', selector, '-o', 'json')).stdout || '{"items":[]}').items;
  const podYaml = (name: string, app: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec:
  terminationGracePeriodSeconds: 1
${spec}
  containers: [{name: main, image: ${suite.images.busybox}, command: [sleep, "3600"]}]
`;
  /** The FailedScheduling message the scheduler recorded on the pod. */
  const failedScheduling = (pod: string, contains: string) =>
    waitFor(
      async () => {
        const out = (await kubectl('get', 'events', '--field-selector', `involvedObject.name=${pod},reason=FailedScheduling`)).stdout;
        return out.includes(contains) ? out : undefined;
      },
      { what: `FailedScheduling on ${pod} saying "${contains}"`, timeoutMs: 30_000 },
    );
  const running = (pod: string) =>
    waitFor(async () => (await pods(`app`)).find((p) => p.metadata.name === pod && p.status.phase === 'Running'), {
      what: `${pod} Running`,
      timeoutMs: 60_000,
    });

  it('keeps the second replica of a Deployment with required anti-affinity Pending on a one-node cluster', async () => {
    await succeeds(
      apply(
        'solo',
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: solo}
spec:
  replicas: 2
  selector: {matchLabels: {app: solo}}
  template:
    metadata: {labels: {app: solo}}
    spec:
      terminationGracePeriodSeconds: 1
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: solo}}
            topologyKey: kubernetes.io/hostname
      containers: [{name: main, image: ${suite.images.busybox}, command: [sleep, "3600"]}]
`,
      ),
    );
    const split = await waitFor(
      async () => {
        const list = await pods('app=solo');
        const bound = list.filter((p) => p.spec.nodeName);
        return list.length === 2 && bound.length === 1 && bound[0]!.status.phase === 'Running' ? list : undefined;
      },
      { what: 'one solo pod Running, one unbound', timeoutMs: 60_000 },
    );
    const pending = split.find((p) => !p.spec.nodeName)!;
    await failedScheduling(pending.metadata.name, "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
    // Still Pending after the scheduler has tried again: the rule holds, it was no race.
    expect((await pods('app=solo')).filter((p) => p.spec.nodeName).length).toBe(1);
  });

  it('holds a pod with required affinity until the pod it names runs, then places it beside it', async () => {
    const follower = podYaml(
      'follower',
      'follower',
      `  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: cache}}
        topologyKey: kubernetes.io/hostname`,
    );
    await succeeds(apply('follower', follower));
    await failedScheduling('follower', "0/1 nodes are available: 1 node(s) didn't match pod affinity rules.");
    await succeeds(apply('cache', podYaml('cache', 'cache', '')));
    await running('cache');
    // The scheduler retries unschedulable pods when the cluster changes, at the latest every 15 s.
    const placed = await running('follower');
    expect(placed.spec.nodeName).toBe(suite.cluster.nodeName);
  });

  it('holds a pod spread over a zone label the node lacks, and places it once the node has one', async () => {
    const zoned = podYaml(
      'zoned',
      'zoned',
      `  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: zoned}}`,
    );
    await succeeds(apply('zoned', zoned));
    await failedScheduling('zoned', "1 node(s) didn't match pod topology spread constraints (missing required label)");
    await succeeds(kubectl('label', 'node', suite.cluster.nodeName, 'topology.kubernetes.io/zone=z1'));
    await running('zoned');
  });

  it('keeps a pod with scheduling gates SchedulingGated until the last gate is removed', async () => {
    await succeeds(apply('gated', podYaml('gated', 'gated', '  schedulingGates: [{name: example.com/quota}, {name: example.com/data}]')));
    await waitFor(async () => / SchedulingGated /.test((await kubectl('get', 'pod', 'gated')).stdout), {
      what: 'gated shown as SchedulingGated',
      timeoutMs: 30_000,
    });
    const added = await kubectl(
      'patch',
      'pod',
      'gated',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"more"}}]',
    );
    expect(added.stderr).toContain("spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'more'");
    await succeeds(kubectl('patch', 'pod', 'gated', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates/0"}]'));
    expect((await kubectl('get', 'pod', 'gated', '-o', 'jsonpath={.spec.nodeName}')).stdout).toBe('');
    await succeeds(kubectl('patch', 'pod', 'gated', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates"}]'));
    await running('gated');
  });
});
