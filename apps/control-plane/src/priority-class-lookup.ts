// PriorityClasses for the Priority admission steps, from the shared informer so a pod create
// costs no store read. A class created a moment ago may not have reached the informer yet, so a
// name it does not know is read from the store before the pod is refused.
import { ignoring, isNotFound, type PriorityClass, type PriorityClassLookup, priorityClasses } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { Informer } from '@stevedore/controllers';

export function priorityClassLookup(registry: ObjectRegistry, informer: Informer<PriorityClass>): PriorityClassLookup {
  return {
    byName: async (name) =>
      informer.get(undefined, name) ?? (await registry.get(priorityClasses, undefined, name).catch(ignoring(isNotFound))),
    // Kubernetes picks the lowest value should two classes both claim the default (a race admission cannot exclude).
    globalDefault: async () =>
      informer
        .list()
        .filter((pc) => pc.globalDefault)
        .sort((a, b) => a.value - b.value)[0],
  };
}
