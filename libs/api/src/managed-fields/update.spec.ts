import { pods } from '../kinds';
import { deepEqual, type Json, joinPath } from './field-path';
import { fromFieldsV1, interiorOf, toFieldsV1 } from './field-set';
import { valueAt } from './object-paths';
import { type FieldManagerContext, readOwners, trackedFields } from './owners';
import { updateManagedFields, writeChanges } from './update';

const ctx = (manager: string, subresource?: string): FieldManagerContext => ({
  schema: pods.schema,
  apiVersion: 'v1',
  manager,
  subresource,
  time: '2026-12-06T17:00:00Z',
  statusSeparate: true,
});

const pod = (over: { labels?: Json; containers?: Json[]; status?: Json; volumes?: Json[] } = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: over.labels ?? { app: 'web' } },
  spec: {
    containers: over.containers ?? [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }],
    ...(over.volumes ? { volumes: over.volumes } : {}),
    tolerations: [],
  },
  ...(over.status ? { status: over.status } : {}),
});

const running = (restarts: number, ready = 'True'): Json => ({
  phase: 'Running',
  podIP: '198.19.0.5',
  conditions: [
    { type: 'Ready', status: ready },
    { type: 'PodScheduled', status: 'True' },
  ],
  containerStatuses: [{ name: 'app', restartCount: restarts, state: { running: { startedAt: 'x' } } }],
});

/** The rule the diff walk must agree with: compare the whole field sets before and after. */
function bySets(current: unknown, next: unknown, c: FieldManagerContext) {
  const before = current === undefined ? new Set<string>() : trackedFields(current, c);
  const after = trackedFields(next, c);
  const interior = interiorOf(after);
  const changed = [...after].filter(
    (p) => !before.has(p) || (!interior.has(p) && !deepEqual(valueAt(current, p).value, valueAt(next, p).value)),
  );
  return { changed: changed.sort(), removed: [...before].filter((p) => !after.has(p)).sort() };
}

const walked = (current: unknown, next: unknown, c: FieldManagerContext) => {
  const { changed, removed } = writeChanges(current, next, c);
  return { changed: changed.map(joinPath).sort(), removed: removed.map(joinPath).sort() };
};

describe('the fields a write changed', () => {
  const cases: [string, Json | undefined, Json, FieldManagerContext][] = [
    ['a create', undefined, pod({ status: running(0) }), ctx('c')],
    ['a label added and one changed', pod({ labels: { app: 'web' } }), pod({ labels: { app: 'api', tier: 'x' } }), ctx('c')],
    ['a label removed', pod({ labels: { app: 'web', tier: 'x' } }), pod({ labels: { app: 'web' } }), ctx('c')],
    ['nothing', pod(), pod(), ctx('c')],
    ['a status report', pod({ status: running(0) }), pod({ status: running(1, 'False') }), ctx('kubelet', 'status')],
    ['status on the main resource', pod({ status: running(0) }), pod({ status: running(3) }), ctx('c')],
    ['the first status', pod(), pod({ status: running(0) }), ctx('kubelet', 'status')],
    [
      'a container added, one changed, an env var removed',
      pod(),
      pod({
        containers: [
          { name: 'app', image: 'nginx:2', ports: [{ containerPort: 80 }] },
          { name: 'side', image: 'busybox' },
        ],
      }),
      ctx('c'),
    ],
    [
      'a container removed',
      pod({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      }),
      pod({ containers: [{ name: 'a', image: 'x' }] }),
      ctx('c'),
    ],
    ['a list emptied', pod({ volumes: [{ name: 'v', emptyDir: {} }] }), pod({ volumes: [] }), ctx('c')],
    ['a list filled', pod({ volumes: [] }), pod({ volumes: [{ name: 'v', emptyDir: {} }] }), ctx('c')],
    [
      'an object turned scalar',
      pod({ labels: { app: 'web' } }),
      { ...pod(), metadata: { ...(pod().metadata as Json), labels: 'odd' } },
      ctx('c'),
    ],
    [
      'duplicate keys in a map list',
      pod({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'a', image: 'y' },
        ],
      }),
      pod({ containers: [{ name: 'a', image: 'z' }] }),
      ctx('c'),
    ],
  ];
  it.each(cases)('agrees with comparing whole field sets: %s', (_name, current, next, c) => {
    expect(walked(current, next, c)).toEqual(bySets(current, next, c));
  });
});

describe('the entry of a create', () => {
  const objects: [string, Json, FieldManagerContext][] = [
    ['a pod', pod({ status: running(0), volumes: [{ name: 'v', emptyDir: {} }] }), ctx('c')],
    ['its status', pod({ status: running(2) }), ctx('c', 'status')],
    [
      'empty values',
      { ...pod(), metadata: { name: 'p', labels: {}, annotations: { a: '' } }, spec: { containers: [], x: null } },
      ctx('c'),
    ],
    [
      'duplicate keys',
      pod({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'a', env: [{ name: 'E' }] },
        ],
      }),
      ctx('c'),
    ],
  ];
  it.each(objects)('is the encoded field set, byte for byte: %s', (_name, object, c) => {
    const [entry] = updateManagedFields(undefined, object, c);
    expect(JSON.stringify(entry!.fieldsV1)).toBe(JSON.stringify(toFieldsV1(trackedFields(object, c))));
    expect(entry).toMatchObject({ manager: c.manager, operation: 'Update', apiVersion: 'v1', time: c.time });
  });

  it('is none when the object sets no tracked field', () => {
    expect(updateManagedFields(undefined, { metadata: { name: 'p', uid: 'u' } }, ctx('c'))).toEqual([]);
  });
});

describe('updateManagedFields', () => {
  const withOwners = (object: Json, managedFields: unknown) => ({ ...object, metadata: { ...(object.metadata as Json), managedFields } });
  const setsOf = (entries: unknown) =>
    readOwners(entries).map((o) => ({ manager: o.manager, subresource: o.subresource, fields: [...o.set].sort() }));

  it('edits the live entries as reading them into sets would', () => {
    const created = pod({ labels: { app: 'web', tier: 'x' } });
    const owners = updateManagedFields(undefined, created, ctx('kube-controller-manager'));
    const live = withOwners(pod({ labels: { app: 'web', tier: 'x' }, status: running(0) }), owners);
    const reported = updateManagedFields(live, { ...live, status: running(1) }, ctx('kubelet', 'status'));
    const afterStatus = withOwners({ ...live, status: running(1) }, reported);
    const relabelled = withOwners(pod({ labels: { app: 'api' }, status: running(1) }), undefined);
    const entries = updateManagedFields(afterStatus, relabelled, ctx('kubectl-label'));
    expect(entries.map((e) => [e.manager, e.subresource])).toEqual([
      ['kube-controller-manager', undefined],
      ['kubelet', 'status'],
      ['kubectl-label', undefined],
    ]);
    const sets = setsOf(entries);
    expect(sets[0]!.fields).not.toContain(joinPath(['f:metadata', 'f:labels', 'f:app']));
    expect(sets[0]!.fields).not.toContain(joinPath(['f:metadata', 'f:labels', 'f:tier']));
    expect(sets[1]!.fields).toEqual([joinPath(['f:status', 'f:containerStatuses'])]);
    expect(sets[2]!.fields).toEqual([joinPath(['f:metadata', 'f:labels', 'f:app'])]);
    // Written as Kubernetes writes FieldsV1: keys sorted, `.` for a member with fields below it.
    for (const entry of entries) expect(entry.fieldsV1).toEqual(toFieldsV1(fromFieldsV1(entry.fieldsV1)));
    expect(JSON.stringify(entries[0]!.fieldsV1)).toBe(JSON.stringify(toFieldsV1(fromFieldsV1(entries[0]!.fieldsV1))));
  });

  it('leaves the live entries as they are when the write changes no tracked field', () => {
    const live = withOwners(pod(), updateManagedFields(undefined, pod(), ctx('c')));
    const next = { ...live, metadata: { ...(live.metadata as Json), resourceVersion: '8' } };
    expect(updateManagedFields(live, next, ctx('other'))).toBe((live.metadata as Json).managedFields);
  });

  it('drops an entry left owning nothing and never edits the live object', () => {
    const live = withOwners(pod({ labels: { app: 'web' } }), [
      {
        manager: 'a',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
    const before = JSON.stringify(live);
    const entries = updateManagedFields(live, pod({ labels: { app: 'api' } }), ctx('b'));
    expect(entries.map((e) => e.manager)).toEqual(['b']);
    expect(JSON.stringify(live)).toBe(before);
  });

  it('reads managedFields a client rewrote, with a 400 for a malformed one', () => {
    const live = withOwners(pod(), updateManagedFields(undefined, pod(), ctx('c')));
    expect(() =>
      updateManagedFields(live, withOwners(pod({ labels: { a: 'b' } }), [{ manager: 'x', operation: 'Bad' }]), ctx('c')),
    ).toThrow(/operation: must be Apply or Update/);
  });
});
