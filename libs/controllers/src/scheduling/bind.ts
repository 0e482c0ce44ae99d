import { findResource } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import { bindPod } from '@stevedore/apiserver';

const PODS = findResource('', 'pods')!;

/** Binds through the binding subresource's logic, so a pod is never assigned twice. */
export function bind(registry: ObjectRegistry, pod: ApiObject, nodeName: string): Promise<void> {
  return bindPod(registry, PODS, pod.metadata.namespace, pod.metadata.name, { target: { kind: 'Node', name: nodeName } });
}
