// Which pods a PodDisruptionBudget covers: those of its namespace its selector matches. In
// policy/v1 an empty selector covers every pod of the namespace, a missing one none.
import type { Pod, PodDisruptionBudget } from '../../generated/kubernetes-types';
import { labelSelectorMatches } from '../../meta/label-selector';

export function pdbSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  const selector = pdb.spec?.selector;
  if (!selector || pod.metadata.namespace !== pdb.metadata.namespace) return false;
  return labelSelectorMatches(selector, pod.metadata.labels);
}
