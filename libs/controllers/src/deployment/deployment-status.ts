import type { Deployment, ReplicaSet } from '@stevedore/api';
import { surgeAndUnavailable } from './rolling-math';

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: Condition[];
}

type RsStatus = { replicas?: number; readyReplicas?: number; availableReplicas?: number };
const st = (rs: ReplicaSet | undefined): RsStatus => (rs?.status as RsStatus | undefined) ?? {};

/** Status as `kubectl rollout status` reads it: complete when updated == available == replicas and no old pods remain. */
export function deploymentStatus(d: Deployment, current: ReplicaSet | undefined, old: ReplicaSet[], now: number): DeploymentStatus {
  const all = current ? [current, ...old] : old;
  const sum = (f: (s: RsStatus) => number | undefined) => all.reduce((n, rs) => n + (f(st(rs)) ?? 0), 0);
  const replicas = d.spec.replicas ?? 1;
  const availableReplicas = sum((s) => s.availableReplicas);
  const updatedReplicas = st(current).replicas ?? 0;
  const { maxUnavailable } = surgeAndUnavailable(replicas, d.spec.strategy?.rollingUpdate);
  const time = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  const cond = (type: string, ok: boolean, reason: string, message: string): Condition => ({
    type,
    status: ok ? 'True' : 'False',
    reason,
    message,
    lastUpdateTime: time,
    lastTransitionTime: time,
  });
  const minimum = d.spec.strategy?.type === 'Recreate' ? replicas : replicas - maxUnavailable;
  const complete = updatedReplicas === replicas && sum((s) => s.replicas) === replicas && availableReplicas >= replicas;
  const name = current?.metadata.name ?? d.metadata.name;
  return {
    observedGeneration: d.metadata.generation,
    replicas: sum((s) => s.replicas),
    updatedReplicas,
    readyReplicas: sum((s) => s.readyReplicas),
    availableReplicas,
    unavailableReplicas: Math.max(0, replicas - availableReplicas),
    conditions: [
      availableReplicas >= minimum
        ? cond('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : cond('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
      complete
        ? cond('Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`)
        : cond('Progressing', true, 'ReplicaSetUpdated', `ReplicaSet "${name}" is progressing.`),
    ],
  };
}
