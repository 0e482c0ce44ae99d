// Kubernetes' Priority admission for PriorityClasses: at most one class is the global default,
// since pods without a class would otherwise get whichever one a lookup happened to find.
import type { PriorityClass } from '../../generated/kubernetes-types';
import { type StatusError, statusError } from '../../meta/status';

/** Refuses `pc` when it claims the global default and another class (`current`) already holds it. */
export function globalDefaultConflict(pc: PriorityClass, current: PriorityClass | undefined): StatusError | undefined {
  if (!pc.globalDefault || !current || current.metadata.name === pc.metadata.name) return undefined;
  const name = pc.metadata.name ?? '';
  return statusError(
    403,
    'Forbidden',
    `priorityclasses.scheduling.k8s.io "${name}" is forbidden: PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`,
    { name, group: 'scheduling.k8s.io', kind: 'priorityclasses' },
  );
}
