// LimitRanges: per-namespace defaults and bounds of containers', pods' and claims' resources,
// applied by the LimitRanger admission step (limit-ranger.ts) when those objects are created.
import type { LimitRange, LimitRangeItem } from '../../generated/kubernetes-types';
import { column, nameColumn, type Printer } from '../../printing';
import { defineResource } from '../../strategy';
import { limitRangeRules } from './limitrange-validation';

// kube-apiserver's table for limit ranges: the name and the creation time (not an age).
const printer: Printer<LimitRange> = {
  columns: [nameColumn, column('Created At', 'date')],
  cells: (lr) => [lr.metadata.name, lr.metadata.creationTimestamp],
};

/**
 * Kubernetes' defaulting of a Container item: the default limit falls back to the max, the
 * default request to the default limit, then to the min.
 */
export function defaultLimitRangeItem(item: LimitRangeItem): void {
  if (item.type !== 'Container') return;
  item.default = { ...(item.max ?? {}), ...(item.default ?? {}) };
  item.defaultRequest = { ...(item.min ?? {}), ...item.default, ...(item.defaultRequest ?? {}) };
}

export const limitRanges = defineResource<LimitRange>({
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  namespaced: true,
  shortNames: ['limits'],
  definition: 'io.k8s.api.core.v1.LimitRange',
  printer,
  defaults: (lr) => {
    for (const item of lr.spec?.limits ?? []) defaultLimitRangeItem(item);
  },
  validate: (lr) => limitRangeRules(lr),
});
