// The default StorageClass a new cluster starts with: the built-in local-path provisioner, a
// directory per volume on the node that runs the first pod using the claim. Created only when
// absent, so an administrator's changes to it (say, removing the default annotation) survive a
// restart; a deleted one comes back at the next start, as the system PriorityClasses do.
import {
  DEFAULT_CLASS_ANNOTATION,
  ignoring,
  isAlreadyExists,
  LOCAL_PATH_PROVISIONER,
  type StorageClass,
  storageClasses,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';

export const DEFAULT_STORAGE_CLASS: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local-path', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
  provisioner: LOCAL_PATH_PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

export async function ensureDefaultStorageClass(registry: ObjectRegistry): Promise<void> {
  await registry.create(storageClasses, undefined, DEFAULT_STORAGE_CLASS).catch(ignoring(isAlreadyExists));
}
