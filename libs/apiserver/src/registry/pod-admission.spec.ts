import { ignoring, isNotFound, type LimitRange, limitRanges, namespaces, pods, serviceAccounts } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { limitRangeAdmission } from './limit-range-admission';
import { listObjects } from './list';
import { ObjectRegistry } from './object-registry';
import { serviceAccountAdmission } from './service-account-admission';

/** A registry with LimitRanger and ServiceAccount admission reading straight from its own store. */
async function registryWithPodAdmission(): Promise<ObjectRegistry> {
  const registry = new ObjectRegistry(new MemoryStore());
  registry.admission.add(
    limitRangeAdmission(async (namespace) => (await listObjects(registry.store, limitRanges, namespace, {})).items as LimitRange[]),
    { resources: [pods] },
  );
  registry.admission.add(
    serviceAccountAdmission((namespace, name) => registry.get(serviceAccounts, namespace, name).catch(ignoring(isNotFound))),
    { resources: [pods] },
  );
  await registry.create(namespaces, undefined, { metadata: { name: 'team' } });
  await registry.create(serviceAccounts, 'team', { metadata: { name: 'default' } });
  return registry;
}

const podBody = (name: string, spec: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

describe('ServiceAccount admission in the registry', () => {
  it('runs a pod as default with the API access volume mounted', async () => {
    const registry = await registryWithPodAdmission();
    const { object } = await registry.create(pods, 'team', podBody('web'));
    expect(object.spec.serviceAccountName).toBe('default');
    expect(object.spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(object.spec.containers[0].volumeMounts).toEqual([
      { name: object.spec.volumes[0].name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ]);
  });

  it('mounts nothing when the pod turns automounting off', async () => {
    const registry = await registryWithPodAdmission();
    const { object } = await registry.create(pods, 'team', podBody('web', { automountServiceAccountToken: false }));
    expect(object.spec.volumes ?? []).toEqual([]);
    expect(object.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it('refuses a pod naming a missing account with Kubernetes message, storing nothing', async () => {
    const registry = await registryWithPodAdmission();
    await expect(registry.create(pods, 'team', podBody('web', { serviceAccountName: 'robot' }))).rejects.toMatchObject({
      status: {
        code: 403,
        message: 'pods "web" is forbidden: error looking up service account team/robot: serviceaccount "robot" not found',
      },
    });
    expect((await listObjects(registry.store, pods, 'team', {})).items).toEqual([]);
  });
});

describe('LimitRanger admission in the registry', () => {
  it('stores the defaults with the QoS class they give', async () => {
    const registry = await registryWithPodAdmission();
    await registry.create(limitRanges, 'team', {
      metadata: { name: 'limits' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '128Mi' } }] },
    });
    const { object } = await registry.create(pods, 'team', podBody('web'));
    expect(object.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '500m', memory: '128Mi' },
    });
    expect(object.status.qosClass).toBe('Guaranteed');
  });

  it('refuses a container over the max with a 403', async () => {
    const registry = await registryWithPodAdmission();
    await registry.create(limitRanges, 'team', {
      metadata: { name: 'limits' },
      spec: { limits: [{ type: 'Container', max: { cpu: '1' } }] },
    });
    const body = podBody('big', { containers: [{ name: 'app', image: 'busybox', resources: { limits: { cpu: '2' } } }] });
    await expect(registry.create(pods, 'team', body)).rejects.toMatchObject({
      status: { code: 403, message: 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2' },
    });
  });
});
