// PriorityClasses and pod priority with the real kubectl on the all-in-one cluster: the system
// classes exist from the start, a pod gets its class's value, and an unknown class is refused.

import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('PriorityClasses and pod priority', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = async (name: string, yaml: string) => {
    const file = path.join(cluster.dataDir, `${name}.yaml`);
    await fs.writeFile(file, yaml);
    return kubectl('apply', '-f', file);
  };
  /** A command that must succeed: its exit code and stderr, so a failure shows kubectl's words. */
  const succeeds = async (run: Promise<{ code: number; stderr: string }>) => {
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  };
  const podYaml = (name: string, priorityClassName: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
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
});
