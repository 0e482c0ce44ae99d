import { findResource, type StatusError } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { ObjectRegistry } from './object-registry';
import { writeScale } from './subresources';

const deployments = findResource('apps', 'deployments')!;
const namespaces = findResource('', 'namespaces')!;

const manifest = (replicas: number, labels: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } },
  },
});

async function registry(): Promise<ObjectRegistry> {
  const r = new ObjectRegistry(new MemoryStore(), () => new Date('2026-12-06T17:00:00.123Z'));
  await r.create(namespaces, undefined, { metadata: { name: 'default' } });
  return r;
}

const managers = (object: { metadata: { managedFields?: { manager?: string; operation?: string; subresource?: string }[] } }) =>
  (object.metadata.managedFields ?? []).map((e) => [e.manager, e.operation, e.subresource].filter(Boolean).join('/'));

describe('the registry’s field managers', () => {
  it('records creates, updates and subresource writes, and leaves the control plane’s writes alone', async () => {
    const r = await registry();
    const { object } = await r.create(deployments, 'default', manifest(1, { app: 'web' }), { fieldManager: 'kubectl-create' });
    expect(object.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2026-12-06T17:00:00Z' }),
    ]);
    await r.patch(deployments, 'default', 'web', 'merge', { metadata: { labels: { tier: 'x' } } }, { fieldManager: 'kubectl-patch' });
    await writeScale(r, deployments, 'default', 'web', { type: 'merge', body: { spec: { replicas: 3 } }, fieldManager: 'kubectl' });
    const current = await r.get(deployments, 'default', 'web');
    await r.write(
      deployments,
      current,
      { ...current, metadata: { ...current.metadata, annotations: { a: 'b' } } },
      Number(current.metadata.resourceVersion),
    );
    const after = await r.get(deployments, 'default', 'web');
    expect(managers(after)).toEqual(['kubectl-create/Update', 'kubectl-patch/Update', 'kubectl/Update/scale']);
    expect(after.metadata.managedFields![0]!.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('applies over an update with a 409 on a changed field, and with force takes it', async () => {
    const r = await registry();
    await r.patch(deployments, 'default', 'web', 'apply', manifest(1, { app: 'web', tier: 'x' }), { fieldManager: 'ci' });
    await r.patch(deployments, 'default', 'web', 'merge', { spec: { replicas: 2 } }, { fieldManager: 'kubectl-edit' });
    const refused = await r
      .patch(deployments, 'default', 'web', 'apply', manifest(4, { app: 'web' }), { fieldManager: 'ci' })
      .catch((e: StatusError) => e.status);
    expect(refused).toMatchObject({
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    });
    expect((await r.get(deployments, 'default', 'web')).metadata.labels).toEqual({ app: 'web', tier: 'x' });
    const { object } = await r.patch(deployments, 'default', 'web', 'apply', manifest(4, { app: 'web' }), {
      fieldManager: 'ci',
      force: true,
    });
    expect(object.spec!.replicas).toBe(4);
    expect(object.metadata.labels).toEqual({ app: 'web' });
    expect(managers(object)).toEqual(['ci/Apply']);
  });

  it('does not write when the same manifest is applied again', async () => {
    const r = await registry();
    const first = await r.patch(deployments, 'default', 'web', 'apply', manifest(1, { app: 'web' }), { fieldManager: 'ci' });
    const again = await r.patch(deployments, 'default', 'web', 'apply', manifest(1, { app: 'web' }), { fieldManager: 'ci' });
    expect(again.object.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
    const changed = await r.patch(deployments, 'default', 'web', 'apply', manifest(2, { app: 'web' }), { fieldManager: 'ci' });
    expect(changed.object.metadata.resourceVersion).not.toBe(first.object.metadata.resourceVersion);
  });

  it('records a component’s writes under its name, status reports under the status subresource', async () => {
    const r = await registry();
    const controllers = r.withFieldManager('kube-controller-manager');
    await r.create(deployments, 'default', manifest(1, { app: 'web' }), { fieldManager: 'kubectl-create' });
    await controllers.patch(deployments, 'default', 'web', 'merge', { status: { replicas: 1 } }, { subresource: 'status' });
    await r
      .withFieldManager('kubelet')
      .modify(
        deployments,
        'default',
        'web',
        (d) => ({ ...d, status: { ...(d as { status?: object }).status, readyReplicas: 1 } }),
        undefined,
        {
          managerSubresource: 'status',
        },
      );
    const after = await r.get(deployments, 'default', 'web');
    expect(managers(after)).toEqual(['kubectl-create/Update', 'kube-controller-manager/Update/status', 'kubelet/Update/status']);
    expect(after.metadata.managedFields![2]!.fieldsV1).toEqual({ 'f:status': { 'f:readyReplicas': {} } });
    // The view shares the registry: its own writes stay unrecorded.
    expect(r.fieldManager).toBeUndefined();
  });

  it('makes an apply of replicas an autoscaler scaled a conflict with kube-controller-manager', async () => {
    const r = await registry();
    await r.patch(deployments, 'default', 'web', 'apply', manifest(1, { app: 'web' }), { fieldManager: 'ci' });
    await writeScale(r.withFieldManager('kube-controller-manager'), deployments, 'default', 'web', {
      type: 'merge',
      body: { spec: { replicas: 5 } },
    });
    const refused = await r
      .patch(deployments, 'default', 'web', 'apply', manifest(2, { app: 'web' }), { fieldManager: 'ci' })
      .catch((e: StatusError) => e.status);
    expect(refused).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "scale" using apps/v1: .spec.replicas',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            field: '.spec.replicas',
            message: 'conflict with "kube-controller-manager" with subresource "scale" using apps/v1',
          },
        ],
      },
    });
    // Leaving replicas out of the manifest hands the field to the autoscaler, as Kubernetes advises.
    const { spec, ...rest } = manifest(2, { app: 'web' });
    const { replicas: _dropped, ...withoutReplicas } = spec;
    const { object } = await r.patch(deployments, 'default', 'web', 'apply', { ...rest, spec: withoutReplicas }, { fieldManager: 'ci' });
    expect(object.spec!.replicas).toBe(5);
  });
});
