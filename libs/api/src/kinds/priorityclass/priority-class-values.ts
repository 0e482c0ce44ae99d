// The numbers and names Kubernetes fixes for priority classes (pkg/apis/scheduling): user
// classes stay at or below a billion so the two system classes always outrank them.
import type { PriorityClass } from '../../generated/kubernetes-types';

export const HIGHEST_USER_PRIORITY = 1_000_000_000;
export const SYSTEM_PRIORITY_PREFIX = 'system-';
export const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'] as const;
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';

/** The classes every cluster has from the start; the API server ensures them and refuses their deletion. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    metadata: { name: 'system-node-critical' },
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    metadata: { name: 'system-cluster-critical' },
    value: 2_000_000_000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** Why a `system-` name is not one of the system classes as Kubernetes defines them, or undefined when it is. */
export function systemClassProblem(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}
