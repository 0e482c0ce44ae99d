// The scheduler's wait for WaitForFirstConsumer claims against the real binder, over an
// in-memory store: the chosen node is recorded on the claim, the binder provisions there and
// the wait ends; a node the provisioner refuses ends it with an error instead.
import {
  storageClasses as CLASSES,
  LOCAL_PATH_PROVISIONER,
  nodes as NODES,
  namespaces,
  pods as PODS,
  type Pod,
  persistentVolumeClaims as PVCS,
  persistentVolumes as PVS,
  VOLUME_ANNOTATIONS,
} from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { VolumeBinderController } from '../volume/volume-binder-controller';
import { VolumeScheduling } from './volume-scheduling';

async function start(diskPressure: boolean) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  await registry.create(CLASSES, undefined, {
    metadata: { name: 'local-path' },
    provisioner: LOCAL_PATH_PROVISIONER,
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  await registry.create(NODES, undefined, {
    metadata: {
      name: 'n1',
      labels: { 'kubernetes.io/hostname': 'n1' },
      annotations: { [VOLUME_ANNOTATIONS.localVolumeDir]: '/data/volumes' },
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }, ...(diskPressure ? [{ type: 'DiskPressure', status: 'True' }] : [])] },
  });
  await registry.create(PVCS, 'default', {
    metadata: { name: 'data' },
    spec: { storageClassName: 'local-path', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  const informers = {
    claims: new Informer(store, PVCS),
    volumes: new Informer(store, PVS),
    classes: new Informer(store, CLASSES),
    nodes: new Informer(store, NODES),
    pods: new Informer(store, PODS),
  };
  await Promise.all(Object.values(informers).map((i) => i.start()));
  const binder = new VolumeBinderController(registry, informers);
  const scheduling = new VolumeScheduling(registry, informers);
  const pod = {
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
  } as unknown as Pod;
  const stop = () => {
    binder.stop();
    for (const informer of Object.values(informers)) informer.stop();
  };
  return { registry, scheduling, pod, stop };
}

describe('VolumeScheduling.prebind', () => {
  it('records the node on the claim and returns once the binder has bound it there', async () => {
    const { registry, scheduling, pod, stop } = await start(false);
    try {
      await scheduling.prebind(pod, 'n1');
      const claim = await registry.get(PVCS, 'default', 'data');
      expect(claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode]).toBe('n1');
      expect(claim.status?.phase).toBe('Bound');
      const pv = await registry.get(PVS, undefined, claim.spec.volumeName!);
      expect(pv.spec?.hostPath?.path).toBe(`/data/volumes/pvc-${claim.metadata.uid}`);
    } finally {
      stop();
    }
  });

  it('fails when the provisioner refuses the node, leaving the claim free for another choice', async () => {
    const { registry, scheduling, pod, stop } = await start(true);
    try {
      await expect(scheduling.prebind(pod, 'n1')).rejects.toThrow('can no longer be provisioned on node "n1"');
      const claim = await registry.get(PVCS, 'default', 'data');
      expect(claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode]).toBeUndefined();
      expect(claim.status?.phase).toBe('Pending');
    } finally {
      stop();
    }
  });
});
