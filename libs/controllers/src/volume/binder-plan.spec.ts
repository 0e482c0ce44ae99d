import { LOCAL_PATH_PROVISIONER, type Node, type PersistentVolume, type PersistentVolumeClaim, type StorageClass } from '@stevedore/api';
import type { Stored } from '@stevedore/apiserver';
import { volumeFitsNode } from '@stevedore/scheduler';
import { type BinderView, planClaim, planVolume } from './binder-plan';
import { LOCAL_VOLUME_DIR_ANNOTATION } from './local-path';

const claim = (name: string, spec: Partial<PersistentVolumeClaim['spec']> = {}, annotations?: Record<string, string>) =>
  ({
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(annotations ? { annotations } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
    status: { phase: 'Pending' },
  }) as Stored<PersistentVolumeClaim>;

const pv = (name: string, size: string, spec: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>) =>
  ({
    metadata: { name, uid: `uid-${name}`, ...(labels ? { labels } : {}) },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], hostPath: { path: `/srv/${name}` }, ...spec },
    status: { phase: 'Available' },
  }) as Stored<PersistentVolume>;

const node = (name: string, conditions: Record<string, string> = { Ready: 'True' }) =>
  ({
    metadata: { name, labels: { 'kubernetes.io/hostname': name }, annotations: { [LOCAL_VOLUME_DIR_ANNOTATION]: `/data/${name}/volumes` } },
    status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
  }) as Node;

const localPath = (mode: 'Immediate' | 'WaitForFirstConsumer', reclaimPolicy = 'Delete') =>
  ({ metadata: { name: 'local-path' }, provisioner: LOCAL_PATH_PROVISIONER, volumeBindingMode: mode, reclaimPolicy }) as StorageClass;

function view(volumes: Stored<PersistentVolume>[], classes: StorageClass[] = [], nodes: Node[] = [node('n1')]): BinderView {
  return {
    volumes,
    storageClass: (name) => classes.find((c) => c.metadata.name === name),
    node: (name) => nodes.find((n) => n.metadata.name === name),
    nodes,
    volumeFitsNode,
  };
}

describe('planClaim', () => {
  it('binds the smallest volume that fits capacity, access modes and class', () => {
    const volumes = [pv('big', '10Gi', { storageClassName: '' }), pv('small', '2Gi', { storageClassName: '' }), pv('tiny', '500Mi')];
    const plan = planClaim(claim('c', { storageClassName: '' }), view(volumes));
    expect(plan).toMatchObject({ kind: 'bind', volume: { metadata: { name: 'small' } } });
  });

  it('needs every access mode the claim asks for, and a matching selector', () => {
    const volumes = [pv('ro', '1Gi', { accessModes: ['ReadOnlyMany'] }), pv('gold', '5Gi', {}, { tier: 'gold' }), pv('plain', '1Gi')];
    const rwx = claim('c', {
      storageClassName: '',
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      selector: { matchLabels: { tier: 'gold' } },
    });
    expect(planClaim(rwx, view(volumes))).toMatchObject({ kind: 'bind', volume: { metadata: { name: 'gold' } } });
  });

  it('takes only the volume a claim names, and the one pre-bound to it first', () => {
    const volumes = [pv('a', '1Gi'), pv('b', '5Gi', { claimRef: { namespace: 'default', name: 'c' } })];
    expect(planClaim(claim('c', { storageClassName: '' }), view(volumes))).toMatchObject({ volume: { metadata: { name: 'b' } } });
    expect(planClaim(claim('d', { storageClassName: '', volumeName: 'a' }), view(volumes))).toMatchObject({
      kind: 'bind',
      volume: { metadata: { name: 'a' } },
    });
    expect(planClaim(claim('e', { storageClassName: '', volumeName: 'b' }), view(volumes))).toMatchObject({
      kind: 'pending',
      message: 'volume "b" already bound to a different claim.',
    });
  });

  it('says why a claim stays Pending', () => {
    expect(planClaim(claim('c', { storageClassName: '' }), view([]))).toMatchObject({
      kind: 'pending',
      reason: 'FailedBinding',
      message: 'no persistent volumes available for this claim and no storage class is set',
    });
    expect(planClaim(claim('c', { storageClassName: 'gone' }), view([]))).toMatchObject({
      message: 'storageclass.storage.k8s.io "gone" not found',
    });
    expect(planClaim(claim('c', { storageClassName: 'local-path' }), view([], [localPath('WaitForFirstConsumer')]))).toMatchObject({
      reason: 'WaitForFirstConsumer',
      message: 'waiting for first consumer to be created before binding',
    });
    const external = { metadata: { name: 'ebs' }, provisioner: 'ebs.csi.aws.com' } as StorageClass;
    expect(planClaim(claim('c', { storageClassName: 'ebs' }), view([], [external]))).toMatchObject({
      reason: 'ExternalProvisioning',
      message: expect.stringContaining("external provisioner 'ebs.csi.aws.com' or manually by the system administrator"),
    });
  });

  it('provisions a local-path volume on the selected node, with node affinity and the class reclaim policy', () => {
    const pending = claim('c', { storageClassName: 'local-path' }, { 'volume.kubernetes.io/selected-node': 'n2' });
    const plan = planClaim(pending, view([], [localPath('WaitForFirstConsumer', 'Retain')], [node('n1'), node('n2')]));
    expect(plan).toMatchObject({
      kind: 'provision',
      volume: {
        metadata: { name: 'pvc-uid-c', annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER } },
        spec: {
          persistentVolumeReclaimPolicy: 'Retain',
          capacity: { storage: '1Gi' },
          hostPath: { path: '/data/n2/volumes/pvc-uid-c', type: 'DirectoryOrCreate' },
          claimRef: { name: 'c', namespace: 'default', uid: 'uid-c' },
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', values: ['n2'] }] }] } },
        },
      },
    });
  });

  it('refuses a node under disk pressure and lets the scheduler choose again', () => {
    const pending = claim('c', { storageClassName: 'local-path' }, { 'volume.kubernetes.io/selected-node': 'n1' });
    const plan = planClaim(pending, view([], [localPath('WaitForFirstConsumer')], [node('n1', { Ready: 'True', DiskPressure: 'True' })]));
    expect(plan).toMatchObject({ kind: 'pending', reason: 'ProvisioningFailed', forgetNode: true });
    expect(plan.kind === 'pending' && plan.message).toContain('node "n1" has disk pressure');
  });

  it('provisions Immediate claims on a ready node without disk pressure', () => {
    const nodes = [node('n1', { Ready: 'True', DiskPressure: 'True' }), node('n2', { Ready: 'False' }), node('n3')];
    const plan = planClaim(claim('c', { storageClassName: 'local-path' }), view([], [localPath('Immediate')], nodes));
    expect(plan).toMatchObject({ kind: 'provision', volume: { spec: { hostPath: { path: '/data/n3/volumes/pvc-uid-c' } } } });
    const none = planClaim(claim('c', { storageClassName: 'local-path' }), view([], [localPath('Immediate')], nodes.slice(0, 2)));
    expect(none).toMatchObject({
      kind: 'pending',
      reason: 'ProvisioningFailed',
      forgetNode: false,
      message:
        'failed to provision volume with StorageClass "local-path": node "n1" has disk pressure: no new volumes are provisioned there; node "n2" is not ready',
    });
  });

  it('finishes a half-done binding and reports a claim whose volume vanished as Lost', () => {
    const ref = { namespace: 'default', name: 'c', uid: 'uid-c' };
    const half = claim('c', { storageClassName: '', volumeName: 'v' });
    expect(planClaim(half, view([pv('v', '1Gi', { claimRef: ref })]))).toMatchObject({ kind: 'bind' });
    const bound = { ...half, status: { phase: 'Bound' } };
    expect(planClaim(bound, view([]))).toEqual({ kind: 'lost' });
  });
});

describe('planVolume', () => {
  const ref = { namespace: 'default', name: 'c', uid: 'uid-c' };
  const boundClaim = { ...claim('c', { volumeName: 'v' }), status: { phase: 'Bound' } };

  it('is Available without a claim and Bound with its claim', () => {
    expect(planVolume({ ...pv('v', '1Gi'), status: { phase: 'Pending' } }, undefined)).toEqual({ kind: 'phase', phase: 'Available' });
    expect(planVolume(pv('v', '1Gi', { claimRef: ref }), boundClaim)).toEqual({ kind: 'phase', phase: 'Bound' });
  });

  it('is Released when its claim is gone; Retain keeps it, Delete deletes a provisioned one', () => {
    const retained = { ...pv('v', '1Gi', { claimRef: ref, persistentVolumeReclaimPolicy: 'Retain' }), status: { phase: 'Bound' } };
    expect(planVolume(retained, undefined)).toEqual({ kind: 'phase', phase: 'Released' });
    expect(planVolume({ ...retained, status: { phase: 'Released' } }, undefined)).toEqual({ kind: 'none' });
    const provisioned = {
      ...pv('v', '1Gi', { claimRef: ref, persistentVolumeReclaimPolicy: 'Delete' }),
      metadata: { name: 'v', uid: 'u', annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER } },
      status: { phase: 'Released' },
    };
    expect(planVolume(provisioned, undefined)).toEqual({ kind: 'delete' });
    // A claim of the same name but another uid is a different claim.
    expect(planVolume(provisioned, { ...boundClaim, metadata: { ...boundClaim.metadata, uid: 'other' } })).toEqual({ kind: 'delete' });
  });

  it('fails a released static volume with reclaim Delete: no plugin can delete it', () => {
    const released = { ...pv('v', '1Gi', { claimRef: ref, persistentVolumeReclaimPolicy: 'Delete' }), status: { phase: 'Released' } };
    expect(planVolume(released, undefined)).toMatchObject({
      kind: 'phase',
      phase: 'Failed',
      message: expect.stringContaining('no deletable volume plugin'),
    });
  });
});
