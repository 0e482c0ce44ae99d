import type { Node, Pod } from '@stevedore/api';
import type { FilterPlugin, FilterStatus, NodeInfo, ScorePlugin } from '../types';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}
interface Term {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

function matches(req: Requirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** A term matches when all its requirements do; an empty term matches nothing (as in Kubernetes). */
export function termMatches(term: Term, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => matches(r, labels[r.key])) &&
    fields.every((r) => matches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/** nodeSelector labels and required node affinity terms (any term may match). */
export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  appliesTo: (pod) =>
    Object.keys(pod.spec.nodeSelector ?? {}).length > 0 ||
    !!pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  filter(pod: Pod, info: NodeInfo): FilterStatus | undefined {
    const labels = info.node.metadata.labels ?? {};
    const selector = pod.spec.nodeSelector ?? {};
    const selectorOk = Object.entries(selector).every(([k, v]) => labels[k] === v);
    const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const affinityOk = !terms || terms.some((t) => termMatches(t, info.node));
    return selectorOk && affinityOk
      ? undefined
      : { code: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match Pod's node affinity/selector" };
  },
};

/** Sums the weights of the preferred terms the node matches, scaled to 0–100. */
export const preferredNodeAffinity: ScorePlugin = {
  name: 'NodeAffinityPreference',
  weight: 2,
  appliesTo: (pod) => (pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0,
  score(pod: Pod, info: NodeInfo): number {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const total = preferred.reduce((s, p) => s + p.weight, 0);
    if (total === 0) return 0;
    const got = preferred.filter((p) => termMatches(p.preference, info.node)).reduce((s, p) => s + p.weight, 0);
    return Math.round((got * 100) / total);
  },
};

/** Whether the node satisfies the pod's nodeSelector and required node affinity (DaemonSets use this too). */
export function nodeMatchesPod(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((t) => termMatches(t, node));
}
