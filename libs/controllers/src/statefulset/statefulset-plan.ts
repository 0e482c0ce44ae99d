// The StatefulSet controller's decision, after Kubernetes' defaultStatefulSetControl: one pod per
// ordinal in [start, start+replicas), named and numbered for good; under OrderedReady, ordinal N
// is created only once 0..N-1 are Running and Ready, surplus pods go highest first and one at a
// time, and nothing moves while a pod is unhealthy. Parallel creates and deletes at once. A
// template change replaces pods from the highest ordinal down to the partition, at most
// maxUnavailable unhealthy at a time, so a pod that cannot start stops the rollout.
import type { ControllerRevision, OwnerReference, PersistentVolumeClaim, Pod, StatefulSetStatus } from '@stevedore/api';
import { resolveIntOrPercent } from '../deployment/rolling-math';
import { type HistoryPlan, planHistory, templateOf } from '../history/controller-history';
import { isAvailableStateful, isHealthy, isRunningAndReady, isTerminating } from './stateful-health';
import { type NamedSet, ordinalOf, retentionRefs, revisionOf, statefulClaims, statefulPod } from './stateful-identity';
import { statefulSetStatus } from './statefulset-status';

export interface StatefulSetObserved {
  set: NamedSet;
  /** Pods the set controls. */
  pods: readonly Pod[];
  /** Claims in the set's namespace, by name. */
  claims: ReadonlyMap<string, PersistentVolumeClaim>;
  /** ControllerRevisions the set controls. */
  revisions: readonly ControllerRevision[];
}

export interface StatefulSetPlan {
  history: HistoryPlan;
  /** Made before any pod that mounts them. */
  createClaims: PersistentVolumeClaim[];
  /** Claims whose owner references the retention policy changes, written before pods are deleted. */
  claimOwners: { name: string; ownerReferences: OwnerReference[] }[];
  createPods: Pod[];
  deletePods: Pod[];
  status: StatefulSetStatus;
  /** What the sync stopped at, if anything (a pod not ready yet, a claim still being deleted). */
  waitingFor?: string;
  requeueAfterMs?: number;
}

interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
}

type Step = { stop: boolean; waitingFor?: string };

function revisionsOf(obs: StatefulSetObserved, history: HistoryPlan): Revisions {
  const name = obs.set.status?.currentRevision;
  const current = obs.revisions.find((r) => r.metadata.name === name) ?? history.update;
  return { current, update: history.update };
}

/** Pods below the partition keep the current revision; the rest (and every OnDelete pod) get the update. */
function podFor(set: NamedSet, revs: Revisions, ordinal: number): Pod {
  const start = set.spec.ordinals?.start ?? 0;
  const strategy = set.spec.updateStrategy;
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  const old = strategy?.type !== 'OnDelete' && ordinal < start + partition;
  const revision = old ? revs.current : revs.update;
  return statefulPod(set, templateOf(revision) ?? set.spec.template, ordinal, revision.metadata.name!);
}

/** Claims of each existing pod whose owner references do not match the retention policy. */
function claimOwnerChanges(obs: StatefulSetObserved, inRange: (ordinal: number) => boolean): StatefulSetPlan['claimOwners'] {
  const { set } = obs;
  const changes: StatefulSetPlan['claimOwners'] = [];
  for (const pod of obs.pods) {
    const ordinal = ordinalOf(set, pod);
    if (ordinal === undefined) continue;
    const wanted = retentionRefs(set, !inRange(ordinal), pod);
    for (const claim of statefulClaims(set, ordinal)) {
      const existing = obs.claims.get(claim.metadata.name!);
      if (!existing) continue;
      const refs = existing.metadata.ownerReferences ?? [];
      const others = refs.filter((r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid);
      const ours = refs.filter((r) => !others.includes(r));
      if (JSON.stringify(ours.map((r) => r.uid).sort()) !== JSON.stringify(wanted.map((r) => r.uid).sort())) {
        changes.push({ name: claim.metadata.name!, ownerReferences: [...others, ...wanted] });
      }
    }
  }
  return changes;
}

export function planStatefulSet(obs: StatefulSetObserved, now: number): StatefulSetPlan {
  const { set } = obs;
  const live = new Set([...obs.pods.map(revisionOf), set.status?.currentRevision].filter((n): n is string => !!n));
  const history = planHistory(
    {
      metadata: set.metadata,
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      template: set.spec.template,
      collisionCount: set.status?.collisionCount ?? 0,
      revisionHistoryLimit: set.spec.revisionHistoryLimit ?? 10,
    },
    obs.revisions,
    live,
  );
  const revs = revisionsOf(obs, history);
  const minReady = set.spec.minReadySeconds ?? 0;
  const plan: StatefulSetPlan = {
    history,
    createClaims: [],
    claimOwners: [],
    createPods: [],
    deletePods: [],
    status: statefulSetStatus(set, obs.pods, revs, minReady, now),
  };
  if (history.collision) {
    plan.status = { ...plan.status, collisionCount: (set.status?.collisionCount ?? 0) + 1 };
    plan.waitingFor = 'a revision name collision';
    return plan;
  }
  const start = set.spec.ordinals?.start ?? 0;
  const replicas = set.spec.replicas ?? 1;
  const inRange = (ordinal: number) => ordinal >= start && ordinal < start + replicas;
  if (set.metadata.deletionTimestamp) return plan;
  plan.claimOwners = claimOwnerChanges(obs, inRange);
  const slots: (Pod | undefined)[] = Array.from({ length: replicas });
  const condemned: Pod[] = [];
  for (const pod of obs.pods) {
    const ordinal = ordinalOf(set, pod);
    if (ordinal === undefined) continue;
    if (inRange(ordinal)) slots[ordinal - start] = pod;
    else condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(set, a)! - ordinalOf(set, b)!);
  const monotonic = set.spec.podManagementPolicy !== 'Parallel';
  const steps = [
    () => keepReplicas(obs, plan, slots, revs, monotonic, minReady, now),
    () => removeCondemned(plan, condemned, monotonic, minReady, now),
    () => rollOut(set, plan, slots, revs, minReady, now),
  ];
  for (const next of steps) {
    const step = next();
    plan.waitingFor ??= step?.waitingFor;
    if (step?.stop) break;
  }
  const notYetAvailable = obs.pods.some((p) => isRunningAndReady(p) && !isAvailableStateful(p, minReady, now));
  if (notYetAvailable) plan.requeueAfterMs = 1000;
  return plan;
}

/** Creates missing pods (claims first) and replaces failed ones; under OrderedReady, stops at the first pod not yet healthy. */
function keepReplicas(
  obs: StatefulSetObserved,
  plan: StatefulSetPlan,
  slots: (Pod | undefined)[],
  revs: Revisions,
  monotonic: boolean,
  minReady: number,
  now: number,
): Step | undefined {
  const { set } = obs;
  const start = set.spec.ordinals?.start ?? 0;
  let waiting: string | undefined;
  for (const [i, pod] of slots.entries()) {
    const ordinal = start + i;
    const phase = pod?.status?.phase;
    if (pod && (phase === 'Failed' || phase === 'Succeeded')) {
      // Deleted first; the next sync, once it is gone, recreates it under the same name.
      if (!isTerminating(pod)) plan.deletePods.push(pod);
      waiting ??= `pod ${pod.metadata.name} to be replaced`;
      if (monotonic) return { stop: true, waitingFor: waiting };
      continue;
    }
    const missing = statefulClaims(set, ordinal).filter((c) => !obs.claims.has(c.metadata.name!));
    const deleting = statefulClaims(set, ordinal).find((c) => obs.claims.get(c.metadata.name!)?.metadata.deletionTimestamp);
    if (!pod || phase === 'Pending') plan.createClaims.push(...missing);
    if (!pod) {
      if (deleting) {
        // Its old claim must be gone before a new one is made for the new pod.
        waiting ??= `claim ${deleting.metadata.name} to finish deleting`;
        plan.requeueAfterMs = 1000;
        if (monotonic) return { stop: true, waitingFor: waiting };
        continue;
      }
      plan.createPods.push(podFor(set, revs, ordinal));
      waiting ??= `pod ${set.metadata.name}-${ordinal} to start`;
      if (monotonic) return { stop: true, waitingFor: waiting };
      continue;
    }
    if (monotonic && (isTerminating(pod) || !isAvailableStateful(pod, minReady, now))) {
      return { stop: true, waitingFor: `pod ${pod.metadata.name} to be ${isTerminating(pod) ? 'deleted' : 'Running and Ready'}` };
    }
  }
  return waiting ? { stop: false, waitingFor: waiting } : undefined;
}

/** Pods past the replica count, highest ordinal first: one at a time under OrderedReady, all at once under Parallel. */
function removeCondemned(plan: StatefulSetPlan, condemned: Pod[], monotonic: boolean, minReady: number, now: number): Step | undefined {
  for (const pod of [...condemned].reverse()) {
    if (isTerminating(pod)) {
      if (monotonic) return { stop: true, waitingFor: `pod ${pod.metadata.name} to be deleted` };
      continue;
    }
    // Under OrderedReady an unhealthy pod may go only when it is the highest one left.
    if (monotonic && !isHealthy(pod, minReady, now) && pod !== condemned.at(-1)) {
      return { stop: true, waitingFor: `pod ${pod.metadata.name} to be Running and Ready` };
    }
    plan.deletePods.push(pod);
    if (monotonic) return { stop: true, waitingFor: `pod ${pod.metadata.name} to be deleted` };
  }
  return undefined;
}

/** RollingUpdate: delete outdated pods from the highest ordinal down to the partition, at most maxUnavailable unhealthy at once. */
function rollOut(set: NamedSet, plan: StatefulSetPlan, slots: (Pod | undefined)[], revs: Revisions, minReady: number, now: number): Step {
  const strategy = set.spec.updateStrategy;
  if (strategy?.type === 'OnDelete') return { stop: true };
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  const maxUnavailable = Math.max(1, resolveIntOrPercent(strategy?.rollingUpdate?.maxUnavailable, slots.length, false, '1'));
  const deleting = new Set(plan.deletePods);
  const unavailable = slots.filter((p) => !p || deleting.has(p) || !isHealthy(p, minReady, now)).length;
  let budget = maxUnavailable - unavailable;
  for (let i = slots.length - 1; i >= partition && budget > 0; i--) {
    const pod = slots[i];
    if (!pod || deleting.has(pod) || isTerminating(pod) || revisionOf(pod) === revs.update.metadata.name) continue;
    plan.deletePods.push(pod);
    budget--;
  }
  const outdated = slots.slice(partition).some((p) => p && revisionOf(p) !== revs.update.metadata.name);
  return { stop: true, waitingFor: outdated ? 'pods to be updated' : undefined };
}
