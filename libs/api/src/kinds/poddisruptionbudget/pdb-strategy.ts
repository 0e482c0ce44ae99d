// PodDisruptionBudgets: how many of an application's pods voluntary disruptions (evictions, as
// kubectl drain makes) may take down at once. The disruption controller writes the status; the
// eviction subresource spends it.
import type { PodDisruptionBudget } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { pdbSpecRules } from './pdb-validation';

const orNA = (value: number | string | undefined) => (value === undefined ? 'N/A' : String(value));

const printer: Printer<PodDisruptionBudget> = {
  columns: [nameColumn, column('Min Available'), column('Max Unavailable'), column('Allowed Disruptions', 'integer'), ageColumn],
  cells: (p, now) => [
    p.metadata.name,
    orNA(p.spec?.minAvailable),
    orNA(p.spec?.maxUnavailable),
    p.status?.disruptionsAllowed ?? 0,
    age(p.metadata.creationTimestamp, now),
  ],
};

export const podDisruptionBudgets = defineResource<PodDisruptionBudget>({
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  namespaced: true,
  definition: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  shortNames: ['pdb'],
  subresources: [subresource('status')],
  printer,
  validate: (pdb) => {
    const causes: Cause[] = [];
    pdbSpecRules(pdb.spec, causes);
    return causes;
  },
});
