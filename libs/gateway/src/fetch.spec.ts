import { statusError } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import { fetchForNode } from './fetch';
import type { PodRouter } from './pod-router';

const pod = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'app', envFrom: [{ configMapRef: { name: 'settings' } }] }] },
} as unknown as ApiObject;
const router = { podsOn: () => [pod] } as unknown as PodRouter;
const request = { kind: 'ConfigMap', namespace: 'default', name: 'settings' };
const registryFailing = (err: Error) =>
  ({
    get: async () => {
      throw err;
    },
  }) as unknown as ObjectRegistry;

describe('fetchForNode', () => {
  it('answers "not found" for a referenced object that does not exist', async () => {
    const registry = registryFailing(statusError(404, 'NotFound', 'configmaps "settings" not found'));
    expect(await fetchForNode(registry, router, 'n1', request)).toBeUndefined();
  });

  it('passes a failing read on instead of answering "not found"', async () => {
    const registry = registryFailing(statusError(504, 'Timeout', 'the store did not answer in time'));
    await expect(fetchForNode(registry, router, 'n1', request)).rejects.toThrow('did not answer in time');
  });
});

describe('fetchForNode for storage', () => {
  const claimPod = {
    metadata: { name: 'db', namespace: 'default' },
    spec: { containers: [{ name: 'db' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
  } as unknown as ApiObject;
  const routerWith = (...pods: ApiObject[]) => ({ podsOn: () => pods }) as unknown as PodRouter;
  const registryHolding = (object: ApiObject | undefined) =>
    ({
      get: async () => {
        if (!object) throw statusError(404, 'NotFound', 'not found');
        return object;
      },
    }) as unknown as ObjectRegistry;
  const volume = (claimRef: object | undefined, node?: string) =>
    ({
      metadata: { name: 'pv1' },
      spec: {
        claimRef,
        nodeAffinity: node
          ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } }
          : undefined,
      },
    }) as unknown as ApiObject;

  it('lets a node read the claims its pods mount, and no other', async () => {
    const claim = { metadata: { name: 'data' } } as unknown as ApiObject;
    const asked = (name: string) => ({ kind: 'PersistentVolumeClaim', namespace: 'default', name });
    expect(await fetchForNode(registryHolding(claim), routerWith(claimPod), 'n1', asked('data'))).toBe(claim);
    expect(await fetchForNode(registryHolding(claim), routerWith(claimPod), 'n1', asked('other'))).toBe('forbidden');
  });

  it('lets a node read a volume bound to such a claim or living on the node, and learn that one is gone', async () => {
    const asked = { kind: 'PersistentVolume', namespace: '', name: 'pv1' };
    const bound = volume({ namespace: 'default', name: 'data' });
    expect(await fetchForNode(registryHolding(bound), routerWith(claimPod), 'n1', asked)).toBe(bound);
    expect(await fetchForNode(registryHolding(bound), routerWith(), 'n1', asked)).toBe('forbidden');
    const local = volume(undefined, 'n1');
    expect(await fetchForNode(registryHolding(local), routerWith(), 'n1', asked)).toBe(local);
    expect(await fetchForNode(registryHolding(local), routerWith(), 'n2', asked)).toBe('forbidden');
    expect(await fetchForNode(registryHolding(undefined), routerWith(), 'n2', asked)).toBeUndefined();
  });
});
