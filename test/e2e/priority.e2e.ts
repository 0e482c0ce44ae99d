// PriorityClasses and pod priority with the real kubectl on the all-in-one cluster: the system
// classes exist from the start, a pod gets its class's value, an unknown class is refused, and on
// a node full by its pod count a high-priority pod preempts a low-priority one, sparing a pod a
// PodDisruptionBudget protects when another can go instead.

import { waitFor } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('PriorityClasses and pod priority', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    // Room for two pods only, so the preemption test can fill the node.
    setup = await startClusterWithImages(['--max-pods', '2']);
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = (name: string, yaml: string) => applyManifest(cluster, name, yaml);
  /** A command that must succeed: its exit code and stderr, so a failure shows kubectl's words. */
  const succeeds = async (run: Promise<{ code: number; stderr: string }>) => {
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  };
  const podYaml = (name: string, priorityClassName: string, app = name) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec:
  priorityClassName: ${priorityClassName}
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`;

  it('lists the two system classes with kubectl get pc, and refuses to delete them', async () => {
    const out = (await kubectl('get', 'pc')).stdout;
    expect(out).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\s*$/m);
    expect(out).toMatch(/^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority\s*$/m);
    expect(out).toMatch(/^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority\s*$/m);
    const refused = await kubectl('delete', 'priorityclass', 'system-node-critical');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('is forbidden: this is a system priority class and cannot be deleted');
  });

  it('gives a pod the value of the class it names', async () => {
    await succeeds(kubectl('create', 'priorityclass', 'high', '--value=1000', '--description=e2e'));
    await succeeds(apply('important', podYaml('important', 'high')));
    const spec = JSON.parse((await kubectl('get', 'pod', 'important', '-o', 'jsonpath={.spec}')).stdout);
    expect(spec).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('refuses a pod naming a class that does not exist', async () => {
    const refused = await apply('stray', podYaml('stray', 'foo'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pods "stray" is forbidden: no PriorityClass with name foo was found');
  });

  it('refuses a second global default and a user value above a billion', async () => {
    await succeeds(kubectl('create', 'priorityclass', 'fallback', '--value=5', '--global-default'));
    const second = await kubectl('create', 'priorityclass', 'another', '--value=6', '--global-default');
    expect(second.stderr).toContain('PriorityClass fallback is already marked as default. Only one default can exist');
    const huge = await kubectl('create', 'priorityclass', 'huge', '--value=1000000001');
    expect(huge.stderr).toContain('maximum allowed value of a user defined priority is 1000000000');
  });

  it('evicts a low-priority pod to make room for a high-priority one on a full node', async () => {
    const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
    await succeeds(kubectl('create', 'priorityclass', 'low', '--value=1'));
    await succeeds(apply('filler', podYaml('filler', 'low')));
    // The node takes two pods: "important" (from the test above) and "filler".
    await waitFor(async () => (await getJson('pod', 'filler')).spec?.nodeName, { what: 'filler bound', timeoutMs: 30000 });
    await succeeds(apply('urgent', podYaml('urgent', 'high')));
    const urgent = await waitFor(
      async () => {
        const pod = await getJson('pod', 'urgent');
        return pod.spec?.nodeName ? pod : undefined;
      },
      { what: 'urgent bound after preempting filler', timeoutMs: 60000 },
    );
    expect(urgent.status.nominatedNodeName).toBe(cluster.nodeName);
    expect((await kubectl('get', 'pod', 'filler')).stderr).toContain('pods "filler" not found');
    expect((await kubectl('get', 'pod', 'important')).code).toBe(0);
    const events = await waitFor(
      async () => {
        const out = (await kubectl('get', 'events', '--field-selector', 'reason=Preempted')).stdout;
        return out.includes('pod/filler') ? out : undefined;
      },
      { what: 'a Preempted event on filler', timeoutMs: 15000 },
    );
    expect(events).toMatch(new RegExp(`Preempted\\s+pod/filler\\s+Preempted by pod ${urgent.metadata.uid} on node ${cluster.nodeName}`));
  });
  it('preempts a pod no budget protects rather than a lower-priority one a PodDisruptionBudget protects', async () => {
    const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
    await succeeds(kubectl('delete', 'pod', 'urgent', 'important', '--wait=true'));
    // "guarded" (priority 1) would be the victim were it not for its budget; "spare" has priority 5.
    await succeeds(apply('guarded', podYaml('guarded', 'low')));
    await succeeds(apply('spare', podYaml('spare', 'fallback')));
    const budget = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: guarded}
spec: {minAvailable: 1, selector: {matchLabels: {app: guarded}}}
`;
    await succeeds(apply('guarded-pdb', budget));
    await waitFor(async () => (await getJson('pdb', 'guarded')).status?.expectedPods === 1, {
      what: 'the budget to count guarded',
      timeoutMs: 30000,
    });
    for (const name of ['guarded', 'spare'])
      await waitFor(async () => (await getJson('pod', name)).spec?.nodeName, { what: `${name} bound`, timeoutMs: 30000 });
    expect((await getJson('pdb', 'guarded')).status.disruptionsAllowed).toBe(0);
    await succeeds(apply('urgent-2', podYaml('urgent-2', 'high')));
    await waitFor(async () => (await getJson('pod', 'urgent-2')).spec?.nodeName, {
      what: 'urgent-2 bound after preempting',
      timeoutMs: 60000,
    });
    expect((await kubectl('get', 'pod', 'spare')).stderr).toContain('pods "spare" not found');
    const guarded = await getJson('pod', 'guarded');
    expect(guarded.metadata.deletionTimestamp).toBeUndefined();
    const events = await waitFor(
      async () => {
        const out = (await kubectl('get', 'events', '--field-selector', 'reason=Preempted')).stdout;
        return out.includes('pod/spare') ? out : undefined;
      },
      { what: 'a Preempted event on spare', timeoutMs: 15000 },
    );
    expect(events).not.toMatch(/pod\/guarded/);
  });
});
