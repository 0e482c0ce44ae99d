// The built-in admission plugins with the real kubectl on the all-in-one cluster: a LimitRange's
// defaults on a created pod and its max refusing a bigger one, a ResourceQuota whose status.used
// `kubectl describe quota` shows and whose `exceeded quota` 403 refuses the pod over it, a
// pod without the requests a quota constrains refused, eight racing creates against a quota of
// three, and no content in a missing namespace.

import { waitFor } from '@stevedore/testing';
import { clusterForSuite } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('admission plugins', () => {
  const suite = clusterForSuite();
  const { kubectl, apply, succeeds } = suite;
  const podYaml = (name: string, namespace: string, resources = '{}') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${suite.images.busybox}, command: [sleep, "3600"], resources: ${resources}}]
`;

  it('defaults a pod from the LimitRange and refuses one over its max', async () => {
    await succeeds(kubectl('create', 'namespace', 'limited'));
    await succeeds(
      apply(
        'limits',
        `apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: limited}
spec:
  limits:
  - type: Container
    max: {cpu: "1", memory: 256Mi}
    default: {cpu: 500m, memory: 128Mi}
    defaultRequest: {cpu: 100m, memory: 64Mi}
`,
      ),
    );
    expect((await kubectl('get', 'limitrange', '-n', 'limited')).stdout).toMatch(/^NAME\s+CREATED AT\s*\nlimits\s+\d{4}-\d\d-\d\dT/m);
    const described = (await kubectl('describe', 'limitrange', 'limits', '-n', 'limited')).stdout;
    expect(described).toMatch(/Container\s+cpu\s+-\s+1\s+100m\s+500m\s+-/);
    await succeeds(apply('plain', podYaml('plain', 'limited')));
    const pod = JSON.parse((await kubectl('get', 'pod', 'plain', '-n', 'limited', '-o', 'json')).stdout);
    expect(pod.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '100m', memory: '64Mi' },
    });
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main',
    );
    expect(pod.status.qosClass).toBe('Burstable');
    // A pod in a namespace made a moment ago still finds its account and the cluster CA for its API access volume.
    await succeeds(kubectl('wait', '--for=condition=Ready', 'pod/plain', '-n', 'limited', '--timeout=60s'));
    const big = await apply('big', podYaml('big', 'limited', '{limits: {cpu: "2"}}'));
    expect(big.code).not.toBe(0);
    expect(big.stderr).toContain('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  });

  it('keeps status.used for kubectl describe quota and refuses the pod over the quota', async () => {
    await succeeds(kubectl('create', 'namespace', 'quoted'));
    await succeeds(kubectl('create', 'quota', 'compute', '-n', 'quoted', '--hard=pods=2,requests.cpu=1,configmaps=10'));
    // A limit takes effect once the controller has put it in status.hard, as on Kubernetes.
    await waitFor(async () => (await kubectl('get', 'quota', 'compute', '-n', 'quoted', '-o', 'jsonpath={.status.used.pods}')).stdout, {
      what: 'quota status',
      timeoutMs: 20_000,
    });
    await succeeds(apply('q1', podYaml('q1', 'quoted', '{requests: {cpu: 200m}}')));
    await succeeds(apply('q2', podYaml('q2', 'quoted', '{requests: {cpu: 300m}}')));
    const described = (await kubectl('describe', 'quota', 'compute', '-n', 'quoted')).stdout;
    expect(described).toMatch(/^pods\s+2\s+2\s*$/m);
    expect(described).toMatch(/^requests\.cpu\s+500m\s+1\s*$/m);
    const table = (await kubectl('get', 'quota', '-n', 'quoted')).stdout;
    expect(table).toMatch(/^compute\s+\S+\s+configmaps: \d+\/10, pods: 2\/2, requests\.cpu: 500m\/1\s*$/m);
    const third = await apply('q3', podYaml('q3', 'quoted', '{requests: {cpu: 100m}}'));
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain('pods "q3" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2');
    const bare = await apply('bare', podYaml('bare', 'quoted'));
    expect(bare.stderr).toContain('pods "bare" is forbidden: failed quota: compute: must specify requests.cpu for: main');
    // Deleting a pod gives its share back.
    await succeeds(kubectl('delete', 'pod', 'q1', '-n', 'quoted', '--wait=true'));
    await waitFor(
      async () => (await kubectl('get', 'quota', 'compute', '-n', 'quoted', '-o', 'jsonpath={.status.used.pods}')).stdout === '1',
      { what: 'quota released', timeoutMs: 30_000 },
    );
  });

  it('lets no more concurrent creates through than the quota allows', async () => {
    await succeeds(kubectl('create', 'namespace', 'raced'));
    await succeeds(kubectl('create', 'quota', 'objects', '-n', 'raced', '--hard=secrets=3'));
    await waitFor(async () => (await kubectl('get', 'quota', 'objects', '-n', 'raced', '-o', 'jsonpath={.status.used.secrets}')).stdout, {
      what: 'quota status',
      timeoutMs: 20_000,
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => kubectl('create', 'secret', 'generic', `s${i}`, '--from-literal=a=b', '-n', 'raced')),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(3);
    for (const refused of results.filter((r) => r.code !== 0)) expect(refused.stderr).toContain('exceeded quota: objects');
    const names = (await kubectl('get', 'secrets', '-n', 'raced', '-o', 'name')).stdout.split('\n').filter((n) => /secret\/s\d/.test(n));
    expect(names).toHaveLength(3);
    expect((await kubectl('get', 'quota', 'objects', '-n', 'raced', '-o', 'jsonpath={.status.used.secrets}')).stdout).toBe('3');
  });

  it('refuses content in a namespace that does not exist', async () => {
    const refused = await kubectl('create', 'configmap', 'x', '-n', 'nowhere');
    expect(refused.stderr).toContain('namespaces "nowhere" not found');
  });
});
