// Kubernetes' Priority admission for pods: a pod's priority comes from its PriorityClass (or the
// global default class), never from the client, so a user cannot outrank others by writing a
// number. The caller supplies the classes; this only decides.
import type { Pod, PriorityClass } from '../../generated/kubernetes-types';
import { type StatusError, statusError } from '../../meta/status';
import { DEFAULT_PREEMPTION_POLICY } from '../priorityclass/priority-class-values';

/** The PriorityClasses admission may read: by name, and the one marked globalDefault. */
export interface PriorityClassLookup {
  byName(name: string): Promise<PriorityClass | undefined>;
  globalDefault(): Promise<PriorityClass | undefined>;
}

function forbidden(pod: Pod, why: string): StatusError {
  const name = pod.metadata.name ?? '';
  return statusError(403, 'Forbidden', `pods "${name}" is forbidden: ${why}`, { name, kind: 'pods' });
}

/** The class a new pod runs under: the one it names, else the global default, else none (priority 0). */
async function classOf(pod: Pod, classes: PriorityClassLookup): Promise<PriorityClass | undefined> {
  const name = pod.spec.priorityClassName;
  if (!name) return classes.globalDefault();
  const found = await classes.byName(name);
  if (!found) throw forbidden(pod, `no PriorityClass with name ${name} was found`);
  return found;
}

/** Sets a new pod's priority, preemption policy and (when defaulted) class name; refuses values the client set otherwise. */
export async function admitPodPriority(pod: Pod, classes: PriorityClassLookup): Promise<void> {
  const pc = await classOf(pod, classes);
  const priority = pc?.value ?? 0;
  const policy = pc?.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY;
  const spec = pod.spec;
  if (spec.priority !== undefined && spec.priority !== priority)
    throw forbidden(
      pod,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy)
    throw forbidden(
      pod,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  if (pc) spec.priorityClassName = pc.metadata.name;
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

/** An update that leaves the priority out keeps the admitted one, as Kubernetes does for older clients. */
export function keepPodPriority(current: Pod, next: Pod): void {
  if (!next.spec) return;
  next.spec.priority ??= current.spec?.priority;
  next.spec.preemptionPolicy ??= current.spec?.preemptionPolicy;
}
