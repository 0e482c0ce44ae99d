import { deployments, ignoring, isNotFound, type Namespace, namespaces, type Pod, pods } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { listObjects } from './list';
import { ObjectRegistry } from './object-registry';
import { podSecurityAdmission } from './pod-security-admission';

/** A registry with the PodSecurity step, reading namespaces and pods straight from its own store. */
function registryWithPodSecurity(audits: Record<string, string>[] = []): ObjectRegistry {
  const registry = new ObjectRegistry(new MemoryStore());
  const step = podSecurityAdmission({
    namespace: async (name) => (await registry.get(namespaces, undefined, name).catch(ignoring(isNotFound))) as Namespace | undefined,
    pods: async (namespace) => (await listObjects(registry.store, pods, namespace, {})).items as Pod[],
    audit: (_object, annotations) => void audits.push(annotations),
  });
  registry.admission.add(step, { phase: 'validating', resources: [pods, deployments, namespaces] });
  return registry;
}

const psa = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]));
const rootPod = (name: string, image = 'busybox:1') => ({
  metadata: { name },
  spec: {
    volumes: [{ name: 'root', hostPath: { path: '/' } }],
    containers: [{ name: 'c', image, securityContext: { privileged: true } }],
  },
});
const VIOLATIONS = 'hostPath volumes (volume "root"), privileged (container "c" must not set securityContext.privileged=true)';

describe('PodSecurity admission in the registry', () => {
  it('refuses a privileged hostPath pod in a baseline namespace and stores nothing', async () => {
    const registry = registryWithPodSecurity();
    await registry.create(namespaces, undefined, { metadata: { name: 'apps', labels: psa({ enforce: 'baseline' }) } });
    await expect(registry.create(pods, 'apps', rootPod('x'))).rejects.toMatchObject({
      status: { code: 403, reason: 'Forbidden', message: `pods "x" is forbidden: violates PodSecurity "baseline:latest": ${VIOLATIONS}` },
    });
    expect((await listObjects(registry.store, pods, 'apps', {})).items).toEqual([]);
  });

  it('accepts it with a warning under warn and audits it under audit', async () => {
    const audits: Record<string, string>[] = [];
    const registry = registryWithPodSecurity(audits);
    await registry.create(namespaces, undefined, { metadata: { name: 'apps', labels: psa({ warn: 'baseline', audit: 'baseline' }) } });
    const { warnings } = await registry.create(pods, 'apps', rootPod('x'));
    expect(warnings).toEqual([`would violate PodSecurity "baseline:latest": ${VIOLATIONS}`]);
    expect(audits).toEqual([
      { 'pod-security.kubernetes.io/audit-violations': `would violate PodSecurity "baseline:latest": ${VIOLATIONS}` },
    ]);
  });

  it('accepts it silently in an unlabelled namespace', async () => {
    const registry = registryWithPodSecurity();
    await registry.create(namespaces, undefined, { metadata: { name: 'apps' } });
    expect((await registry.create(pods, 'apps', rootPod('x'))).warnings).toEqual([]);
  });

  it('only warns about a Deployment template, even under enforce', async () => {
    const registry = registryWithPodSecurity();
    await registry.create(namespaces, undefined, { metadata: { name: 'apps', labels: psa({ enforce: 'baseline', warn: 'baseline' }) } });
    const template = { metadata: { labels: { app: 'a' } }, spec: rootPod('').spec };
    const { warnings } = await registry.create(deployments, 'apps', {
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'a' } }, template },
    });
    expect(warnings).toEqual([`would violate PodSecurity "baseline:latest": ${VIOLATIONS}`]);
  });

  it('judges a pod again when its spec changes, not when only its labels do', async () => {
    const registry = registryWithPodSecurity();
    await registry.create(namespaces, undefined, { metadata: { name: 'apps' } });
    await registry.create(pods, 'apps', rootPod('x'));
    await registry.patch(namespaces, undefined, 'apps', 'merge', { metadata: { labels: psa({ enforce: 'baseline' }) } });
    await expect(registry.patch(pods, 'apps', 'x', 'merge', { metadata: { labels: { a: 'b' } } })).resolves.toMatchObject({ warnings: [] });
    const newImage = { spec: { containers: [{ name: 'c', image: 'busybox:2', securityContext: { privileged: true } }] } };
    await expect(registry.patch(pods, 'apps', 'x', 'merge', newImage)).rejects.toMatchObject({
      status: { code: 403, message: `pods "x" is forbidden: violates PodSecurity "baseline:latest": ${VIOLATIONS}` },
    });
  });

  it('warns about existing pods when a namespace enforce level tightens', async () => {
    const registry = registryWithPodSecurity();
    await registry.create(namespaces, undefined, { metadata: { name: 'apps' } });
    await registry.create(pods, 'apps', rootPod('a'));
    await registry.create(pods, 'apps', rootPod('b'));
    const { warnings } = await registry.patch(namespaces, undefined, 'apps', 'merge', {
      metadata: { labels: psa({ enforce: 'baseline' }) },
    });
    expect(warnings).toEqual([
      'existing pods in namespace "apps" violate the new PodSecurity enforce level "baseline:latest"',
      'a (and 1 other pods): hostPath volumes, privileged',
    ]);
    const again = await registry.patch(namespaces, undefined, 'apps', 'merge', { metadata: { labels: { team: 'x' } } });
    expect(again.warnings).toEqual([]);
  });

  it('refuses a namespace with an unknown level, with the label as the field', async () => {
    const registry = registryWithPodSecurity();
    await expect(
      registry.create(namespaces, undefined, { metadata: { name: 'apps', labels: psa({ enforce: 'strict' }) } }),
    ).rejects.toMatchObject({
      status: {
        code: 422,
        message:
          'Namespace "apps" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
        details: { causes: [{ field: 'metadata.labels[pod-security.kubernetes.io/enforce]', reason: 'FieldValueInvalid' }] },
      },
    });
    await expect(registry.get(namespaces, undefined, 'apps')).rejects.toMatchObject({ status: { code: 404 } });
  });
});
