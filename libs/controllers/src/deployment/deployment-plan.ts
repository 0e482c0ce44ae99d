// The Deployment controller's decision for one sync, as a pure function of the Deployment and
// the ReplicaSets it owns. Each sync takes one safe step; the next watch event triggers the next.
import type { Deployment, ReplicaSet } from '@stevedore/api';
import { controllerRef, isControlledBy } from '../common/owner';
import { type DeploymentStatus, deploymentStatus } from './deployment-status';
import { surgeAndUnavailable } from './rolling-math';
import { templateHash } from './template-hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export interface DeploymentPlan {
  createReplicaSet?: ReplicaSet;
  /** New spec.replicas for existing ReplicaSets, by name. */
  scale: { name: string; replicas: number }[];
  /** Revision bumps (an old ReplicaSet becoming current again on rollback). */
  revisions: { name: string; revision: string }[];
  deleteReplicaSets: string[];
  status: DeploymentStatus;
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
const specReplicas = (rs: ReplicaSet) => rs.spec.replicas ?? 0;
const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '0');

function newReplicaSetFor(d: Deployment, hash: string, replicas: number, revision: number): ReplicaSet {
  const labels = { ...d.spec.template.metadata?.labels, 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      annotations: { [REVISION_ANNOTATION]: String(revision) },
      ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds,
      selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash } },
      template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
    },
  };
}

export function planDeployment(d: Deployment, allReplicaSets: readonly ReplicaSet[], now: number): DeploymentPlan {
  const owned = allReplicaSets.filter((rs) => isControlledBy(rs, d.metadata.uid));
  const hash = templateHash(d.spec.template);
  const current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const old = owned.filter((rs) => rs !== current).sort((a, b) => created(a) - created(b));
  const replicas = d.spec.replicas ?? 1;
  const plan: DeploymentPlan = { scale: [], revisions: [], deleteReplicaSets: [], status: deploymentStatus(d, current, old, now) };
  if (d.metadata.deletionTimestamp) return plan;
  const maxOldRevision = Math.max(0, ...old.map(revisionOf));
  if (!current) {
    if (d.spec.paused) return plan;
    const initial = d.spec.strategy?.type === 'Recreate' ? 0 : initialReplicas(d, owned);
    plan.createReplicaSet = newReplicaSetFor(d, hash, initial, maxOldRevision + 1);
    return plan;
  }
  if (revisionOf(current) <= maxOldRevision) plan.revisions.push({ name: current.metadata.name!, revision: String(maxOldRevision + 1) });
  if (d.spec.paused) {
    if (old.every((rs) => specReplicas(rs) === 0) && specReplicas(current) !== replicas)
      plan.scale.push({ name: current.metadata.name!, replicas });
    return plan;
  }
  if (d.spec.strategy?.type === 'Recreate') planRecreate(current, old, replicas, plan);
  else planRolling(d, current, old, replicas, plan);
  plan.deleteReplicaSets = historyToDelete(old, d.spec.revisionHistoryLimit ?? 10, plan);
  return plan;
}

function initialReplicas(d: Deployment, owned: ReplicaSet[]): number {
  const replicas = d.spec.replicas ?? 1;
  const { maxSurge } = surgeAndUnavailable(replicas, d.spec.strategy?.rollingUpdate);
  const total = owned.reduce((s, rs) => s + specReplicas(rs), 0);
  return Math.max(0, Math.min(replicas, replicas + maxSurge - total));
}

/** Recreate: every old pod goes first; the new ReplicaSet grows only when none is left running. */
function planRecreate(current: ReplicaSet, old: ReplicaSet[], replicas: number, plan: DeploymentPlan): void {
  for (const rs of old) if (specReplicas(rs) > 0) plan.scale.push({ name: rs.metadata.name!, replicas: 0 });
  const oldRunning = old.reduce((s, rs) => s + ((rs.status as { replicas?: number } | undefined)?.replicas ?? 0), 0);
  if (plan.scale.length === 0 && oldRunning === 0 && specReplicas(current) !== replicas) {
    plan.scale.push({ name: current.metadata.name!, replicas });
  }
}

const available = (rs: ReplicaSet) => (rs.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0;
const observed = (rs: ReplicaSet) => (rs.status as { replicas?: number } | undefined)?.replicas ?? 0;

/** RollingUpdate: grow the new set within maxSurge, shrink old ones while keeping replicas - maxUnavailable available. */
function planRolling(d: Deployment, current: ReplicaSet, old: ReplicaSet[], replicas: number, plan: DeploymentPlan): void {
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(replicas, d.spec.strategy?.rollingUpdate);
  const all = [current, ...old];
  const totalSpec = all.reduce((s, rs) => s + specReplicas(rs), 0);
  if (old.every((rs) => specReplicas(rs) === 0)) {
    if (specReplicas(current) !== replicas) plan.scale.push({ name: current.metadata.name!, replicas });
    return;
  }
  const grow = Math.min(replicas - specReplicas(current), replicas + maxSurge - totalSpec);
  if (grow > 0) plan.scale.push({ name: current.metadata.name!, replicas: specReplicas(current) + grow });

  const minAvailable = replicas - maxUnavailable;
  const newUnavailable = Math.max(0, specReplicas(current) - available(current));
  const totalPods = all.reduce((s, rs) => s + observed(rs), 0);
  let budget = totalPods - minAvailable - newUnavailable;
  const target = new Map(old.map((rs) => [rs, specReplicas(rs)]));
  // Unhealthy old pods cost no availability, so they go first.
  for (const rs of old) {
    const unhealthy = Math.min(target.get(rs)! - available(rs), budget);
    if (unhealthy > 0) {
      target.set(rs, target.get(rs)! - unhealthy);
      budget -= unhealthy;
    }
  }
  // A set already scaled below its reported pods will lose the surplus: count at most its spec,
  // or a status that lags the last scale-down would let every sync cut another available pod.
  let spare = all.reduce((s, rs) => s + Math.min(available(rs), specReplicas(rs)), 0) - minAvailable;
  for (const rs of old) {
    const cut = Math.min(target.get(rs)!, spare);
    if (cut > 0) {
      target.set(rs, target.get(rs)! - cut);
      spare -= cut;
    }
  }
  for (const rs of old) if (target.get(rs) !== specReplicas(rs)) plan.scale.push({ name: rs.metadata.name!, replicas: target.get(rs)! });
}

/** Old ReplicaSets scaled to zero beyond revisionHistoryLimit are deleted, oldest first. */
function historyToDelete(old: ReplicaSet[], limit: number, plan: DeploymentPlan): string[] {
  const scaledTo = (rs: ReplicaSet) => plan.scale.find((s) => s.name === rs.metadata.name)?.replicas ?? specReplicas(rs);
  const idle = old.filter((rs) => scaledTo(rs) === 0 && observed(rs) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  return idle.slice(0, Math.max(0, idle.length - limit)).map((rs) => rs.metadata.name!);
}
