// The DaemonSet controller's decision: exactly one current pod on every eligible node, replaced
// node by node (at most maxUnavailable at a time) when the template changes.
import type { DaemonSet, Node, Pod, Toleration } from '@stevedore/api';
import { nodeMatchesPod, tolerates } from '@stevedore/scheduler';
import { controllerRef, ownedPods } from '../common/owner';
import { isActive, isAvailable, isReady } from '../common/pods';
import { resolveIntOrPercent } from '../deployment/rolling-math';
import { templateHash } from '../deployment/template-hash';
import { REVISION_HASH_LABEL } from '../history/controller-history';

/** Each daemon pod's template hash; its ControllerRevision is named `<daemonset>-<hash>`. */
export const DAEMON_HASH_LABEL = REVISION_HASH_LABEL;

// Daemons keep running through the node conditions Kubernetes taints for, as upstream adds these.
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
];

export interface DaemonSetPlan {
  create: Pod[];
  delete: Pod[];
  status: {
    desiredNumberScheduled: number;
    currentNumberScheduled: number;
    numberReady: number;
    updatedNumberScheduled: number;
    numberAvailable: number;
    numberUnavailable: number;
    numberMisscheduled: number;
    observedGeneration?: number;
  };
}

function daemonPod(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const template = ds.spec.template;
  const tolerations = [...(template.spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...template.metadata?.labels, [DAEMON_HASH_LABEL]: hash },
      ownerReferences: [controllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    // Pinned with node affinity on the node's name (as upstream does), so the scheduler still checks that it fits.
    spec: {
      ...structuredClone(template.spec),
      tolerations,
      affinity: {
        ...template.spec.affinity,
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
          },
        },
      },
    },
  };
}

function eligible(ds: DaemonSet, node: Node): boolean {
  const probe = daemonPod(ds, node.metadata.name!, '');
  const blocking = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return (
    nodeMatchesPod({ ...probe, spec: { ...probe.spec, affinity: ds.spec.template.spec.affinity } }, node) &&
    blocking.every((t) => tolerates(probe.spec.tolerations ?? [], t))
  );
}

const nodeOf = (p: Pod) =>
  p.spec.nodeName ??
  p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];

export function planDaemonSet(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], now: number): DaemonSetPlan {
  const hash = templateHash(ds.spec.template);
  const minReady = ds.spec.minReadySeconds ?? 0;
  const active = ownedPods(pods, ds.metadata.uid).filter(isActive);
  const byNode = new Map<string, Pod[]>();
  for (const p of active) byNode.set(nodeOf(p) ?? '', [...(byNode.get(nodeOf(p) ?? '') ?? []), p]);
  const wanted = nodes.filter((n) => eligible(ds, n)).map((n) => n.metadata.name!);
  const plan: Omit<DaemonSetPlan, 'status'> = { create: [], delete: [] };
  for (const [node, list] of byNode) if (!wanted.includes(node)) plan.delete.push(...list);
  const maxUnavailable = Math.max(1, resolveIntOrPercent(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, wanted.length, false, '1'));
  let unavailable = wanted.filter((n) => !(byNode.get(n) ?? []).some((p) => isAvailable(p, minReady, now))).length;
  for (const node of wanted) {
    const list = byNode.get(node) ?? [];
    if (list.length === 0) plan.create.push(daemonPod(ds, node, hash));
    plan.delete.push(...list.slice(1));
    const pod = list[0];
    const outdated = pod && pod.metadata.labels?.[DAEMON_HASH_LABEL] !== hash;
    if (outdated && ds.spec.updateStrategy?.type !== 'OnDelete' && isAvailable(pod, minReady, now) && unavailable < maxUnavailable) {
      plan.delete.push(pod);
      unavailable++;
    } else if (outdated && !isAvailable(pod, minReady, now) && ds.spec.updateStrategy?.type !== 'OnDelete') {
      plan.delete.push(pod);
    }
  }
  const onWanted = wanted.flatMap((n) => (byNode.get(n) ?? []).slice(0, 1));
  const status: DaemonSetPlan['status'] = {
    desiredNumberScheduled: wanted.length,
    currentNumberScheduled: onWanted.length,
    numberReady: onWanted.filter(isReady).length,
    updatedNumberScheduled: onWanted.filter((p) => p.metadata.labels?.[DAEMON_HASH_LABEL] === hash).length,
    numberAvailable: onWanted.filter((p) => isAvailable(p, minReady, now)).length,
    numberUnavailable: wanted.length - onWanted.filter((p) => isAvailable(p, minReady, now)).length,
    numberMisscheduled: [...byNode.keys()].filter((n) => !wanted.includes(n)).length,
    observedGeneration: ds.metadata.generation,
  };
  return { ...plan, status };
}
