// A conversion computed in process (built-in kinds' older versions, a custom kind's `None`):
// the Conversion seam is asynchronous for webhooks, but these never wait on anything.
import type { Conversion, KubeObject, ResourceStrategy } from './resource-strategy';

export function localConversion(
  storage: ResourceStrategy,
  toStorage: (object: KubeObject) => KubeObject,
  fromStorage: (object: KubeObject) => KubeObject,
): Conversion {
  return {
    storage,
    toStorage: async (object) => toStorage(object),
    fromStorage: async (object) => fromStorage(object),
    fromStorageList: async (objects) => objects.map(fromStorage),
  };
}
