// Columns that workloads (Deployments, ReplicaSets, DaemonSets) print alike.
import type { LabelSelector, PodTemplateSpec } from '../generated/kubernetes-types';
import { column } from './columns';

export const templateColumns = [column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)];

export function selectorText(selector: LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (selector?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  const text = [...labels, ...exprs].join(',');
  return text || '<none>';
}

/** CONTAINERS, IMAGES and SELECTOR cells. */
export function templateCells(template: PodTemplateSpec | undefined, selector: LabelSelector | undefined): [string, string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selectorText(selector)];
}
