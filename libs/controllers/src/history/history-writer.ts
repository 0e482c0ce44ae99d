// Applies a HistoryPlan through the API: the new or renumbered revision before any pod uses it,
// and the pruning afterwards.
import { ignoring, isAlreadyExists, isNotFound, controllerRevisions as REVISIONS } from '@stevedore/api';
import { deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import type { HistoryPlan } from './controller-history';

export async function recordRevision(registry: ObjectRegistry, namespace: string | undefined, plan: HistoryPlan): Promise<void> {
  // A create that lost to an earlier sync's (stale cache) leaves the same revision: nothing to do.
  if (plan.create) await registry.create(REVISIONS, namespace, plan.create).catch(ignoring(isAlreadyExists));
  if (plan.renumber) {
    await registry.patch(REVISIONS, namespace, plan.renumber.name, 'merge', { revision: plan.renumber.revision });
  }
}

export async function pruneRevisions(registry: ObjectRegistry, namespace: string | undefined, plan: HistoryPlan): Promise<void> {
  for (const name of plan.delete) await deleteObject(registry, REVISIONS, namespace, name).catch(ignoring(isNotFound));
}
