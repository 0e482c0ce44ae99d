import { type Pod, pods } from '@stevedore/api';
import type { ObjectRegistry, Stored } from '@stevedore/apiserver';
import { bindPod } from '@stevedore/apiserver';

/** Binds through the binding subresource's logic, so a pod is never assigned twice. */
export function bind(registry: ObjectRegistry, pod: Stored<Pod>, nodeName: string): Promise<void> {
  return bindPod(registry, pods, pod.metadata.namespace, pod.metadata.name, { target: { kind: 'Node', name: nodeName } });
}
