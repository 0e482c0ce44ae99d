// PriorityClasses: cluster-wide names for pod priorities. The priority admission step turns a
// pod's class name into its priority; the scheduler orders and preempts by that number.
import type { PriorityClass } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import { defineResource } from '../../strategy';
import { priorityClassRules } from './priority-class-validation';
import { DEFAULT_PREEMPTION_POLICY, SYSTEM_PRIORITY_CLASSES } from './priority-class-values';

// kubectl's columns for priority classes (1.32), the preemption policy among the default ones.
const printer: Printer<PriorityClass> = {
  columns: [nameColumn, column('Value', 'integer'), column('Global-Default', 'boolean'), ageColumn, column('PreemptionPolicy')],
  cells: (pc, now) => [
    pc.metadata.name,
    pc.value,
    pc.globalDefault ?? false,
    age(pc.metadata.creationTimestamp, now),
    pc.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY,
  ],
};

const isSystemClass = (pc: PriorityClass) => SYSTEM_PRIORITY_CLASSES.some((c) => c.metadata.name === pc.metadata.name);

export const priorityClasses = defineResource<PriorityClass>({
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  namespaced: false,
  definition: 'io.k8s.api.scheduling.v1.PriorityClass',
  shortNames: ['pc'],
  printer,
  defaults: (pc) => {
    pc.preemptionPolicy ??= DEFAULT_PREEMPTION_POLICY;
  },
  validate: (pc, old) => priorityClassRules(pc, old),
  delete: {
    // Pods of the system's own components name these classes; Kubernetes' REST storage refuses the delete.
    forbidden: (pc) => (isSystemClass(pc) ? 'this is a system priority class and cannot be deleted' : undefined),
  },
});
