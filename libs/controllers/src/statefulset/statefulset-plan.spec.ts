import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '@stevedore/api';
import { revisionData } from '../history/controller-history';
import type { NamedSet } from './stateful-identity';
import { planStatefulSet, type StatefulSetObserved } from './statefulset-plan';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function web(spec: Partial<StatefulSet['spec']> = {}, image = 'nginx:1'): NamedSet {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }] } },
      ...spec,
    },
  };
}

type PodState = 'ready' | 'pending' | 'unready' | 'failed' | 'terminating';

/** The revision the set's template gets, as the controller would have recorded it. */
function revisionFor(set: NamedSet, revision = 1): ControllerRevision {
  const plan = planStatefulSet({ set, pods: [], claims: new Map(), revisions: [] }, NOW);
  return { ...plan.history.update, metadata: { ...plan.history.update.metadata, uid: `rev-${revision}` }, revision };
}

function pod(set: NamedSet, ordinal: number, revision: ControllerRevision, state: PodState = 'ready'): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const phase = state === 'failed' ? 'Failed' : state === 'pending' ? 'Pending' : 'Running';
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      labels: { app: 'nginx', 'controller-revision-hash': revision.metadata.name! },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true }],
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'nginx', image: 'x' }] },
    status: { phase, conditions: [{ type: 'Ready', status: state === 'ready' || state === 'terminating' ? 'True' : 'False' }] },
  };
}

function observe(set: NamedSet, pods: Pod[], revisions: ControllerRevision[], claims: PersistentVolumeClaim[] = []): StatefulSetObserved {
  return { set, pods, revisions, claims: new Map(claims.map((c) => [c.metadata.name!, c])) };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('planStatefulSet: ordered start and stable identity', () => {
  it('records the template as revision 1 and creates only web-0, with its name, hostname, subdomain and labels', () => {
    const set = web();
    const plan = planStatefulSet(observe(set, [], []), NOW);
    expect(plan.history.create).toMatchObject({
      metadata: {
        name: expect.stringMatching(/^web-[a-z0-9]+$/),
        labels: { app: 'nginx', 'controller-revision-hash': expect.any(String) },
        ownerReferences: [{ kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true }],
      },
      revision: 1,
      data: revisionData(set.spec.template),
    });
    expect(names(plan.createPods)).toEqual(['web-0']);
    const revision = plan.history.update.metadata.name!;
    expect(plan.createPods[0]).toMatchObject({
      metadata: {
        name: 'web-0',
        labels: {
          app: 'nginx',
          'statefulset.kubernetes.io/pod-name': 'web-0',
          'apps.kubernetes.io/pod-index': '0',
          'controller-revision-hash': revision,
        },
        ownerReferences: [{ kind: 'StatefulSet', name: 'web', controller: true }],
      },
      spec: { hostname: 'web-0', subdomain: 'nginx' },
    });
    expect(plan.status).toMatchObject({ replicas: 0, currentRevision: revision, updateRevision: revision, observedGeneration: 1 });
  });

  it('creates web-N only once web-0..web-N-1 are Running and Ready', () => {
    const set = web();
    const rev = revisionFor(set);
    const pending = planStatefulSet(observe(set, [pod(set, 0, rev, 'pending')], [rev]), NOW);
    expect(pending.createPods).toEqual([]);
    expect(pending.waitingFor).toBe('pod web-0 to be Running and Ready');
    const unready = planStatefulSet(observe(set, [pod(set, 0, rev), pod(set, 1, rev, 'unready')], [rev]), NOW);
    expect(unready.createPods).toEqual([]);
    const ready = planStatefulSet(observe(set, [pod(set, 0, rev), pod(set, 1, rev)], [rev]), NOW);
    expect(names(ready.createPods)).toEqual(['web-2']);
    expect(ready.history.create).toBeUndefined();
  });

  it('waits for minReadySeconds before the next ordinal and looks again', () => {
    const set = web({ minReadySeconds: 10 });
    const rev = revisionFor(set);
    const fresh = pod(set, 0, rev);
    fresh.status!.conditions![0]!.lastTransitionTime = new Date(NOW - 5_000).toISOString();
    const plan = planStatefulSet(observe(set, [fresh], [rev]), NOW);
    expect(plan.createPods).toEqual([]);
    expect(plan.requeueAfterMs).toBeGreaterThan(0);
    expect(planStatefulSet(observe(set, [fresh], [rev]), NOW + 6_000).createPods).toHaveLength(1);
  });

  it('creates every missing pod at once under Parallel', () => {
    const set = web({ podManagementPolicy: 'Parallel' });
    const rev = revisionFor(set);
    expect(names(planStatefulSet(observe(set, [pod(set, 1, rev, 'pending')], [rev]), NOW).createPods)).toEqual(['web-0', 'web-2']);
  });

  it('numbers from spec.ordinals.start and treats pods outside the range as surplus', () => {
    const set = web({ ordinals: { start: 5 }, replicas: 2 });
    const rev = revisionFor(set);
    const plan = planStatefulSet(observe(set, [pod(set, 5, rev), pod(set, 6, rev), pod(set, 0, rev)], [rev]), NOW);
    expect(plan.createPods).toEqual([]);
    expect(names(plan.deletePods)).toEqual(['web-0']);
  });

  it('deletes a failed pod so that it comes back under the same name, and stops there', () => {
    const set = web();
    const rev = revisionFor(set);
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev, 'failed')], [rev]), NOW);
    expect(names(plan.deletePods)).toEqual(['web-0']);
    expect(plan.createPods).toEqual([]);
    const gone = planStatefulSet(observe(set, [], [rev]), NOW);
    expect(names(gone.createPods)).toEqual(['web-0']);
  });
});

describe('planStatefulSet: claims', () => {
  const withClaims = (spec: Partial<StatefulSet['spec']> = {}) =>
    web({
      volumeClaimTemplates: [
        { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1', volumeMounts: [{ name: 'www', mountPath: '/data' }] }],
          volumes: [{ name: 'www', emptyDir: {} }],
        },
      },
      ...spec,
    });
  const claim = (name: string, extra: Partial<PersistentVolumeClaim['metadata']> = {}): PersistentVolumeClaim => ({
    metadata: { name, namespace: 'default', uid: `${name}-uid`, ...extra },
    spec: {},
  });

  it('creates <template>-<set>-<ordinal> before the pod, which mounts it instead of a same-named volume', () => {
    const set = withClaims();
    const plan = planStatefulSet(observe(set, [], []), NOW);
    expect(plan.createClaims).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'www-web-0', labels: { app: 'nginx' } }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    ]);
    expect(plan.createClaims[0]!.metadata.ownerReferences).toBeUndefined();
    expect(plan.createPods[0]!.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
  });

  it('keeps existing claims, makes missing ones for pending pods, and waits for a claim still being deleted', () => {
    const set = withClaims({ podManagementPolicy: 'Parallel' });
    const rev = revisionFor(set);
    const plan = planStatefulSet(
      observe(set, [pod(set, 0, rev, 'pending')], [rev], [claim('www-web-1'), claim('www-web-2', { deletionTimestamp: 'x' })]),
      NOW,
    );
    expect(plan.createClaims.map((c) => c.metadata.name)).toEqual(['www-web-0']);
    expect(names(plan.createPods)).toEqual(['web-1']);
    expect(plan.requeueAfterMs).toBeGreaterThan(0);
    const ordered = planStatefulSet(
      observe(withClaims(), [pod(set, 0, rev), pod(set, 1, rev)], [rev], [claim('www-web-2', { deletionTimestamp: 'x' })]),
      NOW,
    );
    expect(ordered.createPods).toEqual([]);
    expect(ordered.waitingFor).toBe('claim www-web-2 to finish deleting');
  });

  it('never deletes claims on scale-down under Retain', () => {
    const set = withClaims({ replicas: 1 });
    const rev = revisionFor(set);
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev), pod(set, 1, rev)], [rev], [claim('www-web-0'), claim('www-web-1')]), NOW);
    expect(names(plan.deletePods)).toEqual(['web-1']);
    expect(plan.claimOwners).toEqual([]);
  });

  it('gives claims owner references as the retention policy asks: the set on delete, the pod on scale-down', () => {
    const policy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
    const set = withClaims({ replicas: 1, persistentVolumeClaimRetentionPolicy: policy });
    const rev = revisionFor(set);
    const created = planStatefulSet(observe(withClaims({ persistentVolumeClaimRetentionPolicy: policy }), [], [rev]), NOW);
    expect(created.createClaims[0]!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid' },
    ]);
    const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid' };
    const plan = planStatefulSet(
      observe(set, [pod(set, 0, rev), pod(set, 1, rev)], [rev], [claim('www-web-0', { ownerReferences: [setRef] }), claim('www-web-1')]),
      NOW,
    );
    expect(plan.claimOwners).toEqual([
      { name: 'www-web-1', ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'web-1-uid' }] },
    ]);
    expect(names(plan.deletePods)).toEqual(['web-1']);
  });
});

describe('planStatefulSet: scale-down', () => {
  it('removes the highest ordinal first, one at a time, under OrderedReady', () => {
    const set = web({ replicas: 1 });
    const rev = revisionFor(set);
    const all = [pod(set, 0, rev), pod(set, 1, rev), pod(set, 2, rev)];
    expect(names(planStatefulSet(observe(set, all, [rev]), NOW).deletePods)).toEqual(['web-2']);
    const terminating = [pod(set, 0, rev), pod(set, 1, rev), pod(set, 2, rev, 'terminating')];
    expect(planStatefulSet(observe(set, terminating, [rev]), NOW).deletePods).toEqual([]);
  });

  it('does not scale down while a remaining pod is unhealthy; surplus pods go from the top, healthy or not', () => {
    const set = web({ replicas: 1 });
    const rev = revisionFor(set);
    expect(planStatefulSet(observe(set, [pod(set, 0, rev, 'unready'), pod(set, 1, rev)], [rev]), NOW).deletePods).toEqual([]);
    expect(
      planStatefulSet(observe(set, [pod(set, 0, rev), pod(set, 1, rev), pod(set, 2, rev, 'unready')], [rev]), NOW).deletePods,
    ).toHaveLength(1);
    // A surplus pod above it goes first; the unhealthy one follows when it is the highest left.
    const unreadyBelow = [pod(set, 0, rev), pod(set, 1, rev, 'unready'), pod(set, 2, rev)];
    expect(names(planStatefulSet(observe(set, unreadyBelow, [rev]), NOW).deletePods)).toEqual(['web-2']);
  });

  it('removes all surplus pods at once under Parallel', () => {
    const set = web({ replicas: 1, podManagementPolicy: 'Parallel' });
    const rev = revisionFor(set);
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev), pod(set, 1, rev), pod(set, 2, rev, 'unready')], [rev]), NOW);
    expect(names(plan.deletePods)).toEqual(['web-2', 'web-1']);
  });
});

describe('planStatefulSet: updates', () => {
  const old = web();
  const rev1 = revisionFor(old, 1);
  const next = (spec: Partial<StatefulSet['spec']> = {}) => {
    const set = web(spec, 'nginx:2');
    set.metadata.generation = 2;
    set.status = { replicas: 3, currentRevision: rev1.metadata.name };
    return set;
  };
  const rev2 = { ...revisionFor(next(), 2), revision: 2 };

  it('records the new template as the next revision and replaces the highest ordinal first', () => {
    const set = next();
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev1)], [rev1]), NOW);
    expect(plan.history.create).toMatchObject({ revision: 2 });
    expect(names(plan.deletePods)).toEqual(['web-2']);
    expect(plan.status).toMatchObject({ currentRevision: rev1.metadata.name, updateRevision: plan.history.update.metadata.name });
    expect(plan.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 0 });
  });

  it('recreates a replaced pod from the new revision and waits for it to be Ready before the next', () => {
    const set = next();
    const recreate = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1)], [rev1, rev2]), NOW);
    expect(recreate.createPods[0]!.metadata.labels!['controller-revision-hash']).toBe(rev2.metadata.name);
    expect(recreate.createPods[0]!.spec.containers[0]!.image).toBe('nginx:2');
    const starting = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev2, 'pending')], [rev1, rev2]), NOW);
    expect(starting.deletePods).toEqual([]);
    const ready = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev2)], [rev1, rev2]), NOW);
    expect(names(ready.deletePods)).toEqual(['web-1']);
  });

  it('halts at a pod of the new revision that cannot start, leaving the older pods running (Parallel too)', () => {
    for (const policy of ['OrderedReady', 'Parallel']) {
      const set = next({ podManagementPolicy: policy });
      const broken = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev2, 'unready')], [rev1, rev2]), NOW);
      expect(broken.deletePods).toEqual([]);
      expect(broken.createPods).toEqual([]);
      expect(broken.waitingFor).toBeDefined();
    }
  });

  it('stops at the partition, and recreates pods below it from the current revision', () => {
    const set = next({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    const done = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev2)], [rev1, rev2]), NOW);
    expect(done.deletePods).toEqual([]);
    expect(done.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1, currentRevision: rev1.metadata.name });
    const lost = planStatefulSet(observe(set, [pod(set, 1, rev1), pod(set, 2, rev2)], [rev1, rev2]), NOW);
    expect(lost.createPods[0]!.metadata.labels!['controller-revision-hash']).toBe(rev1.metadata.name);
    expect(lost.createPods[0]!.spec.containers[0]!.image).toBe('nginx:1');
  });

  it('replaces up to maxUnavailable pods at once', () => {
    const set = next({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } });
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev1)], [rev1, rev2]), NOW);
    expect(names(plan.deletePods)).toEqual(['web-2', 'web-1']);
  });

  it('leaves pods alone under OnDelete, and recreates a deleted one from the new revision', () => {
    const set = next({ updateStrategy: { type: 'OnDelete' } });
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1), pod(set, 2, rev1)], [rev1, rev2]), NOW);
    expect(plan.deletePods).toEqual([]);
    const deleted = planStatefulSet(observe(set, [pod(set, 0, rev1), pod(set, 1, rev1)], [rev1, rev2]), NOW);
    expect(deleted.createPods[0]!.metadata.labels!['controller-revision-hash']).toBe(rev2.metadata.name);
  });

  it('makes the update revision current once every pod runs it and is ready', () => {
    const set = next();
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev2), pod(set, 1, rev2), pod(set, 2, rev2)], [rev1, rev2]), NOW);
    expect(plan.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: rev2.metadata.name,
      updateRevision: rev2.metadata.name,
      observedGeneration: 2,
    });
  });

  it('does nothing but report status while the set is being deleted', () => {
    const set = { ...web(), metadata: { ...web().metadata, deletionTimestamp: 'x' } };
    const plan = planStatefulSet(observe(set, [pod(set, 0, rev1)], [rev1]), NOW);
    expect([...plan.createPods, ...plan.deletePods, ...plan.createClaims]).toEqual([]);
  });
});
