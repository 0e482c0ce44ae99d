import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '@stevedore/api';
import { ClusterState } from '../cluster-state';
import { findPreemption } from '../preemption';
import { Scheduler } from '../scheduler';
import { makeNode, makePod } from '../testing';
import { DEFAULT_PLUGINS } from './registry';
import { type VolumeLister, volumeBinding } from './volume-binding';

const onNode = (node: string): NonNullable<PersistentVolume['spec']>['nodeAffinity'] => ({
  required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] },
});

const claim = (
  name: string,
  spec: Partial<PersistentVolumeClaim['spec']>,
  annotations?: Record<string, string>,
): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

const volume = (name: string, node: string, spec: Partial<NonNullable<PersistentVolume['spec']>> = {}): PersistentVolume => ({
  metadata: { name },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'local',
    local: { path: '/d' },
    nodeAffinity: onNode(node),
    ...spec,
  },
  status: { phase: 'Available' },
});

const classes: StorageClass[] = [
  { metadata: { name: 'wait' }, provisioner: 'stevedore.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
  { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' },
  { metadata: { name: 'now' }, provisioner: 'stevedore.io/local-path', volumeBindingMode: 'Immediate' },
];

function lister(claims: PersistentVolumeClaim[], volumes: PersistentVolume[], refuse: string[] = []): VolumeLister {
  return {
    claim: (_ns, name) => claims.find((c) => c.metadata.name === name),
    volume: (name) => volumes.find((v) => v.metadata.name === name),
    volumes: () => volumes,
    storageClass: (name) => classes.find((c) => c.metadata.name === name),
    canProvision: (sc: StorageClass, node: Node) =>
      sc.provisioner !== 'kubernetes.io/no-provisioner' && !refuse.includes(node.metadata.name ?? ''),
  };
}

function schedule(volumes: VolumeLister, claimName: string) {
  const state = new ClusterState();
  for (const name of ['a', 'b', 'c']) state.upsertNode(makeNode(name));
  const scheduler = new Scheduler({ filters: [...DEFAULT_PLUGINS.filters, volumeBinding(volumes)], scores: DEFAULT_PLUGINS.scores });
  const pod = makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });
  return scheduler.schedule(pod, state);
}

describe('VolumeBinding', () => {
  it('sends a pod with a bound claim to the node its volume lives on', () => {
    const result = schedule(lister([claim('data', { volumeName: 'pv-b' })], [volume('pv-b', 'b')]), 'data');
    expect(result).toMatchObject({ outcome: 'Scheduled', nodeName: 'b' });
  });

  it('refuses pods whose claim is missing or unbound under an Immediate class, before looking at nodes', () => {
    expect(schedule(lister([], []), 'data')).toMatchObject({
      outcome: 'Unschedulable',
      message: '0/3 nodes are available: persistentvolumeclaim "data" not found.',
    });
    expect(schedule(lister([claim('data', { storageClassName: 'now' })], []), 'data')).toMatchObject({
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    });
  });

  it('places a WaitForFirstConsumer claim where a free volume fits or the provisioner can make one', () => {
    const staticOnly = lister([claim('data', { storageClassName: 'local' })], [volume('pv-c', 'c')]);
    expect(schedule(staticOnly, 'data')).toMatchObject({ outcome: 'Scheduled', nodeName: 'c' });
    const provisioned = lister([claim('data', { storageClassName: 'wait' })], [], ['a', 'c']);
    expect(schedule(provisioned, 'data')).toMatchObject({ outcome: 'Scheduled', nodeName: 'b' });
    const nowhere = lister([claim('data', { storageClassName: 'wait' })], [], ['a', 'b', 'c']);
    expect(schedule(nowhere, 'data')).toMatchObject({
      message: "0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind.",
    });
  });

  it('keeps a claim on the node already selected for it, and reports volume node conflicts', () => {
    const selected = lister([claim('data', { storageClassName: 'wait' }, { 'volume.kubernetes.io/selected-node': 'a' })], []);
    expect(schedule(selected, 'data')).toMatchObject({ outcome: 'Scheduled', nodeName: 'a' });
    const elsewhere = lister([claim('data', { volumeName: 'pv-x' })], [volume('pv-x', 'x')]);
    expect(schedule(elsewhere, 'data')).toMatchObject({ message: '0/3 nodes are available: 3 node(s) had volume node affinity conflict.' });
  });

  it('lets preemption evict only where the pod could then run with its volume', () => {
    const state = new ClusterState();
    for (const name of ['a', 'b']) {
      state.upsertNode(makeNode(name, { pods: '1' }));
      state.assume(makePod(`low-${name}`, { spec: { priority: 1 } }), name);
    }
    const plugins = {
      filters: [...DEFAULT_PLUGINS.filters, volumeBinding(lister([claim('data', { volumeName: 'pv-b' })], [volume('pv-b', 'b')]))],
      scores: [],
    };
    const urgent = makePod('urgent', {
      spec: { priority: 1000, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
    });
    expect(findPreemption(urgent, state, { plugins })).toMatchObject({ nodeName: 'b', victims: [{ metadata: { name: 'low-b' } }] });
    const elsewhere = {
      filters: [...DEFAULT_PLUGINS.filters, volumeBinding(lister([claim('data', { volumeName: 'pv-x' })], [volume('pv-x', 'x')]))],
      scores: [],
    };
    expect(findPreemption(urgent, state, { plugins: elsewhere })).toBeUndefined();
  });
});
