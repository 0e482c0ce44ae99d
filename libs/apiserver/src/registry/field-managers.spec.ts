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
});
