// The two system PriorityClasses every Kubernetes cluster has from the start, so manifests of
// cluster components that name them are admitted here too.
import { ignoring, isAlreadyExists, priorityClasses, SYSTEM_PRIORITY_CLASSES } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';

export async function ensureSystemPriorityClasses(registry: ObjectRegistry): Promise<void> {
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    await registry.create(priorityClasses, undefined, pc).catch(ignoring(isAlreadyExists));
  }
}
