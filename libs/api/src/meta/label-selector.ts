// metav1.LabelSelector matching, as LabelSelectorAsSelector reads it: an empty selector selects
// everything (callers for whom empty means nothing, like workloads, check that first).
import type { LabelSelector } from '../generated/kubernetes-types';

type Labels = Record<string, string> | undefined;

function requirementHolds(req: { key: string; operator: string; values?: string[] }, labels: Labels): boolean {
  const value = labels?.[req.key];
  switch (req.operator) {
    case 'In':
      return value !== undefined && (req.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(req.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false;
  }
}

export function labelSelectorMatches(selector: LabelSelector, labels: Labels): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {});
  return pairs.every(([k, v]) => labels?.[k] === v) && (selector.matchExpressions ?? []).every((r) => requirementHolds(r, labels));
}
