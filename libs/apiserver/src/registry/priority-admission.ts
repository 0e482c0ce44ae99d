// Kubernetes' Priority admission plugin as two registry admission steps: pods get their priority
// from their PriorityClass; PriorityClasses keep to one global default. The decisions are the
// kinds' own (in @stevedore/api); this only wires them to the registry and a lookup.
import { admitPodPriority, globalDefaultConflict, keepPodPriority, type PriorityClassLookup, pods, priorityClasses } from '@stevedore/api';
import { type ApiObject, asKind } from '../objects/api-object';
import type { Admission } from './admission';

export function podPriorityAdmission(classes: PriorityClassLookup): Admission {
  return {
    create: (pod) => admitPodPriority(asKind(pods, pod), classes),
    update: async (current, next) => keepPodPriority(asKind(pods, current), asKind(pods, next)),
  };
}

export function priorityClassAdmission(classes: PriorityClassLookup): Admission {
  const check = async (object: ApiObject) => {
    const pc = asKind(priorityClasses, object);
    if (!pc.globalDefault) return;
    const conflict = globalDefaultConflict(pc, await classes.globalDefault());
    if (conflict) throw conflict;
  };
  return { create: check, update: (_current, next) => check(next) };
}
