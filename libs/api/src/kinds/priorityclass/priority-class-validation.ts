// What Kubernetes' ValidatePriorityClass and ValidatePriorityClassUpdate check in code: reserved
// names, the ceiling on user values, a known preemption policy, and that neither the value nor
// the policy changes once pods may have been admitted with them.
import type { PriorityClass } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { HIGHEST_USER_PRIORITY, PREEMPTION_POLICIES, SYSTEM_PRIORITY_PREFIX, systemClassProblem } from './priority-class-values';

function nameAndValueRules(pc: PriorityClass, causes: Cause[]): void {
  const name = pc.metadata.name ?? '';
  if (name.startsWith(SYSTEM_PRIORITY_PREFIX)) {
    const problem = systemClassProblem(name, pc.value, pc.globalDefault ?? false);
    if (problem)
      causes.push({
        reason: 'FieldValueForbidden',
        field: 'metadata.name',
        message: `Forbidden: priority class names with '${SYSTEM_PRIORITY_PREFIX}' prefix are reserved for system use only. error: ${problem}`,
      });
  } else if (pc.value > HIGHEST_USER_PRIORITY) {
    causes.push({
      reason: 'FieldValueForbidden',
      field: 'value',
      message: `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`,
    });
  }
}

function policyRules(pc: PriorityClass, causes: Cause[]): void {
  const policy = pc.preemptionPolicy;
  if (policy === undefined || (PREEMPTION_POLICIES as readonly string[]).includes(policy)) return;
  causes.push({
    reason: 'FieldValueNotSupported',
    field: 'preemptionPolicy',
    message: `Unsupported value: ${JSON.stringify(policy)}: supported values: ${PREEMPTION_POLICIES.map((p) => `"${p}"`).join(', ')}`,
  });
}

function updateRules(pc: PriorityClass, old: PriorityClass, causes: Cause[]): void {
  if (pc.value !== old.value)
    causes.push({ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: may not be changed in an update.' });
  if (pc.preemptionPolicy !== old.preemptionPolicy)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'preemptionPolicy',
      message: `Invalid value: ${JSON.stringify(pc.preemptionPolicy)}: field is immutable`,
    });
}

export function priorityClassRules(pc: PriorityClass, old?: PriorityClass): Cause[] {
  const causes: Cause[] = [];
  nameAndValueRules(pc, causes);
  policyRules(pc, causes);
  if (old) updateRules(pc, old, causes);
  return causes;
}
