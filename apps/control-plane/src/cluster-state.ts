// The control plane's in-process parts around the store: the registry, built-in namespaces and
// the controllers that must run for the API to behave like Kubernetes.
import { findResource } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer, NamespaceController } from '@stevedore/controllers';
import { MemoryStore, Store } from '@stevedore/store';
import type { ControlPlaneConfig } from './config';

export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface ClusterState {
  store: Store;
  registry: ObjectRegistry;
  close(): Promise<void>;
}

export async function openStore(config: ControlPlaneConfig): Promise<Store> {
  if (!config.etcdEndpoints.length) return new MemoryStore();
  throw new Error('etcd store not wired yet');
}

export async function startClusterState(config: ControlPlaneConfig): Promise<ClusterState> {
  const store = await openStore(config);
  const registry = new ObjectRegistry(store);
  const namespaces = findResource('', 'namespaces')!;
  for (const name of BUILTIN_NAMESPACES) {
    await registry.create(namespaces, undefined, { metadata: { name } }).catch((err) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
  }
  const namespaceInformer = new Informer(store, namespaces);
  await namespaceInformer.start();
  const namespaceController = new NamespaceController(registry, namespaceInformer);
  return {
    store,
    registry,
    async close() {
      namespaceController.stop();
      namespaceInformer.stop();
      await store.close();
    },
  };
}
