// Pod Security admission with the real kubectl: a privileged pod mounting the host's `/` is
// refused in a namespace that enforces baseline, accepted with kubectl's `Warning:` line under
// warn=baseline, and accepted silently in an unlabelled namespace; tightening a namespace's
// enforce level warns about the pods already there.

import { clusterForSuite } from './support/cluster-with-images';

jest.setTimeout(180_000);

const VIOLATIONS = 'hostPath volumes (volume "root"), privileged (container "c" must not set securityContext.privileged=true)';

describe('Pod Security admission', () => {
  const suite = clusterForSuite();
  const { kubectl, succeeds } = suite;
  /** A namespace with the given Pod Security labels (none for an unlabelled one). */
  const namespace = async (name: string, ...labels: string[]) => {
    await succeeds(kubectl('create', 'namespace', name));
    if (labels.length) await succeeds(kubectl('label', 'namespace', name, ...labels));
  };
  const rootPod = (namespace: string) => `apiVersion: v1
kind: Pod
metadata: {name: root, namespace: ${namespace}}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: root, hostPath: {path: /}}]
  containers:
  - name: c
    image: ${suite.images.busybox}
    command: [sleep, "3600"]
    securityContext: {privileged: true}
    volumeMounts: [{name: root, mountPath: /host, readOnly: true}]
`;

  it('refuses a privileged pod with hostPath / in a baseline namespace, with Kubernetes message', async () => {
    await namespace('psa-enforce', 'pod-security.kubernetes.io/enforce=baseline');
    const refused = await suite.apply('enforce', rootPod('psa-enforce'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`pods "root" is forbidden: violates PodSecurity "baseline:latest": ${VIOLATIONS}`);
    const get = await kubectl('get', 'pod', 'root', '-n', 'psa-enforce');
    expect(get.stderr).toContain('pods "root" not found');
  });

  it('accepts it with a warning that kubectl prints under warn=baseline', async () => {
    await namespace('psa-warn', 'pod-security.kubernetes.io/warn=baseline');
    const accepted = await suite.apply('warn', rootPod('psa-warn'));
    expect(accepted.code).toBe(0);
    expect(accepted.stderr.trim()).toBe(`Warning: would violate PodSecurity "baseline:latest": ${VIOLATIONS}`);
    expect(accepted.stdout).toContain('pod/root created');
  });

  it('accepts it silently in an unlabelled namespace', async () => {
    await namespace('psa-none');
    await succeeds(suite.apply('none', rootPod('psa-none')));
  });

  it('warns about existing pods when the enforce level of their namespace tightens', async () => {
    const labelled = await kubectl('label', 'namespace', 'psa-warn', 'pod-security.kubernetes.io/enforce=baseline');
    expect(labelled.code).toBe(0);
    expect(labelled.stderr).toContain(
      'Warning: existing pods in namespace "psa-warn" violate the new PodSecurity enforce level "baseline:latest"',
    );
    expect(labelled.stderr).toContain('Warning: root: hostPath volumes, privileged');
    expect(labelled.stdout).toContain('namespace/psa-warn labeled');
  });

  it('warns about a Deployment template but does not refuse it', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: psa-warn}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: ${suite.images.busybox}, securityContext: {privileged: true}}]
`;
    const applied = await suite.apply('deployment', deployment);
    expect(applied.code).toBe(0);
    expect(applied.stderr.trim()).toBe(
      'Warning: would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('refuses an unknown level on a namespace', async () => {
    const refused = await kubectl('label', 'namespace', 'psa-none', 'pod-security.kubernetes.io/enforce=strict');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    );
    const labels = await kubectl('get', 'namespace', 'psa-none', '-o', 'jsonpath={.metadata.labels}');
    expect(labels.stdout).not.toContain('pod-security');
  });
});
