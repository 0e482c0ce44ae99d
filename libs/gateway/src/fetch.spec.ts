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
