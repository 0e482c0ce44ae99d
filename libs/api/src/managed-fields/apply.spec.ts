import { deployments } from '../kinds';
import { StatusError } from '../meta/status';
import { applyConfiguration } from './apply';
import type { Json } from './field-path';
import type { FieldManagerContext } from './owners';
import { updateManagedFields } from './update';

const ctx = (manager: string, subresource?: string): FieldManagerContext => ({
  schema: deployments.schema,
  apiVersion: 'apps/v1',
  manager,
  subresource,
  time: '2026-12-06T17:00:00Z',
  statusSeparate: true,
});

const manifest = (
  replicas = 2,
  env = [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
  labels: Json = { app: 'web', tier: 'front' },
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels },
  spec: { replicas, template: { spec: { containers: [{ name: 'app', image: 'nginx', env }] } } },
});

function applied(live: Json | undefined, config: unknown, manager = 'kubectl', force = false): Json {
  const { object, managedFields } = applyConfiguration(live, config, ctx(manager), force);
  return { ...object, metadata: { ...(object.metadata as Json), managedFields } };
}

function conflictOf(run: () => unknown): StatusError {
  try {
    run();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a conflict');
}

describe('server-side apply', () => {
  it('records the applied fields as the manager’s Apply entry', () => {
    const first = applied(undefined, manifest());
    const [entry] = (first.metadata as Json).managedFields as Json[];
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect((entry!.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
    expect((entry!.fieldsV1 as any)['f:metadata']).toEqual({ 'f:labels': { 'f:app': {}, 'f:tier': {} } });
  });

  it('removes a label and an env var the manifest no longer sets', () => {
    const first = applied(undefined, manifest());
    const second = applied(first, manifest(2, [{ name: 'A', value: '1' }], { app: 'web' })) as any;
    expect(second.metadata.labels).toEqual({ app: 'web' });
    expect(second.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('keeps what another manager also sets, and what nobody applied', () => {
    const first = applied(undefined, manifest()) as any;
    first.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
    first.spec.progressDeadlineSeconds = 600;
    const shared = applied(first, manifest(), 'ci');
    const second = applied(shared, manifest(2, [], { app: 'web' })) as any;
    expect(second.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(second.spec.template.spec.containers.map((c: Json) => c.name)).toEqual(['app', 'sidecar']);
    expect(second.spec.progressDeadlineSeconds).toBe(600);
  });

  it('merges keyed lists item by item: a second applier adds a container', () => {
    const first = applied(undefined, manifest());
    const sidecar = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'log', image: 'busybox' }] } } },
    };
    const both = applied(first, sidecar, 'logging') as any;
    expect(both.spec.template.spec.containers.map((c: Json) => c.name)).toEqual(['app', 'log']);
    expect(both.spec.template.spec.containers[0].env).toHaveLength(2);
  });

  it('refuses to change a value another manager changed last, with Kubernetes’ message', () => {
    const first = applied(undefined, manifest());
    const scaled = structuredClone(first) as any;
    scaled.spec.replicas = 5;
    scaled.metadata.managedFields = updateManagedFields(first, scaled, ctx('kubectl-scale', 'scale'));
    const err = conflictOf(() => applied(scaled, manifest(3)));
    expect(err.status.code).toBe(409);
    expect(err.status.reason).toBe('Conflict');
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas',
    );
    expect(err.status.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-scale" with subresource "scale" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
    // The same value is no conflict: both own it then.
    expect((applied(scaled, manifest(5)) as any).spec.replicas).toBe(5);
  });

  it('takes the fields with force, and the other manager loses them', () => {
    const first = applied(undefined, manifest());
    const edited = structuredClone(first) as any;
    edited.spec.replicas = 5;
    edited.metadata.managedFields = updateManagedFields(first, edited, ctx('kubectl-edit'));
    expect(conflictOf(() => applied(edited, manifest(3))).message).toContain('conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    const forced = applied(edited, manifest(3), 'kubectl', true) as any;
    expect(forced.spec.replicas).toBe(3);
    expect(forced.metadata.managedFields.map((e: Json) => e.manager)).toEqual(['kubectl']);
  });

  it('lists several conflicts by manager', () => {
    const first = applied(undefined, manifest());
    const edited = structuredClone(first) as any;
    edited.spec.replicas = 5;
    edited.metadata.labels.tier = 'back';
    edited.metadata.managedFields = updateManagedFields(first, edited, ctx('kubectl-edit'));
    const err = conflictOf(() => applied(edited, manifest(3)));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .metadata.labels.tier\n- .spec.replicas',
    );
  });

  it('keeps the entry’s time when an apply changes nothing', () => {
    const first = applied(undefined, manifest());
    const again = applyConfiguration(first, manifest(), { ...ctx('kubectl'), time: '2026-12-06T18:00:00Z' }, false);
    expect(again.managedFields[0]!.time).toBe('2026-12-06T17:00:00Z');
    const changed = applyConfiguration(first, manifest(4), { ...ctx('kubectl'), time: '2026-12-06T18:00:00Z' }, false);
    expect(changed.managedFields[0]!.time).toBe('2026-12-06T18:00:00Z');
  });

  it('refuses managedFields in the applied configuration', () => {
    const bad = { ...manifest(), metadata: { name: 'web', managedFields: [] } };
    expect(() => applied(undefined, bad)).toThrow('metadata.managedFields must be nil');
  });
});

describe('ownership after updates', () => {
  it('gives a creator every field it set, one Update entry per manager, merged', () => {
    const created = manifest() as any;
    created.metadata.managedFields = updateManagedFields(undefined, created, ctx('kubectl-create'));
    const next = structuredClone(created);
    next.metadata.labels.extra = 'x';
    const entries = updateManagedFields(created, next, ctx('kubectl-create'));
    expect(entries).toHaveLength(1);
    expect((entries[0]!.fieldsV1 as any)['f:metadata']['f:labels']).toEqual({ 'f:app': {}, 'f:extra': {}, 'f:tier': {} });
  });

  it('clears all entries when a client sends [{}]', () => {
    const created = manifest() as any;
    created.metadata.managedFields = updateManagedFields(undefined, created, ctx('kubectl-create'));
    const reset = { ...created, metadata: { ...created.metadata, managedFields: [{}] } };
    expect(updateManagedFields(created, reset, ctx('kubectl-patch'))).toEqual([]);
  });
});
