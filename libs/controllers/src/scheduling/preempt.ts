// Carries out a preemption the scheduler decided: the preemptor is nominated to the node (as
// status.nominatedNodeName, which kubectl shows as NOMINATED NODE) and each victim is deleted
// gracefully, with a Preempted event saying why it went.
import { ignoring, isNotFound, pods as PODS, type Pod } from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import type { Logger } from '@stevedore/log';
import type { Preemption } from '@stevedore/scheduler';
import type { EventRecorder } from '../runtime/events';

export async function preempt(
  registry: ObjectRegistry,
  events: EventRecorder,
  log: Logger,
  preemptor: Stored<Pod>,
  plan: Preemption,
): Promise<void> {
  const { namespace, name, uid } = preemptor.metadata;
  const nominate = registry
    .patch(PODS, namespace, name, 'merge', { status: { nominatedNodeName: plan.nodeName } }, { subresource: 'status' })
    .catch(ignoring(isNotFound));
  const evictions = plan.victims.map(async (victim) => {
    events.record(victim, 'Normal', 'Preempted', `Preempted by pod ${uid} on node ${plan.nodeName}`);
    await deleteObject(registry, PODS, victim.metadata.namespace, victim.metadata.name!).catch(ignoring(isNotFound));
  });
  const results = await Promise.allSettled([nominate, ...evictions]);
  for (const r of results) {
    // The preemptor stays unschedulable and is tried again when the cluster changes; it preempts afresh if need be.
    if (r.status === 'rejected') log.warn('preemption step failed', { preemptor: `${namespace}/${name}`, err: r.reason });
  }
}
