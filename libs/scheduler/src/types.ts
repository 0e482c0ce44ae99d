import type { Node, Pod, Taint } from '@stevedore/api';

/** Resources as plain numbers: CPU in millicores, memory in bytes, pods as a count. */
export interface Resources {
  milliCpu: number;
  memory: number;
  pods: number;
}

/**
 * What the scheduler knows about one node at decision time: the node, the pods bound or
 * assumed on it, and totals derived from them. Snapshots are read-only for plugins.
 */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  /** The node's Ready condition is True: read once per node change, not once per pod examined. */
  readonly ready: boolean;
  /** Cordoned (spec.unschedulable), and the node's taints: read off the node on each change, for the same reason. */
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  readonly requested: Resources;
  readonly pods: ReadonlyMap<string, Pod>;
  /** "protocol/hostIP/port" of every hostPort in use. */
  readonly usedHostPorts: ReadonlySet<string>;
}

export interface Snapshot {
  readonly nodes: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Number of pods in the cluster owned by the given controller uid, per node (for spreading). */
  ownedPodsOn(ownerUid: string, nodeName: string): number;
  /**
   * Pods a preemption nominated to this node that are not bound yet: the room their victims
   * leave is theirs, so pods of no higher priority must not take it (kube-scheduler's nominator).
   */
  nominatedOn?(nodeName: string): readonly Pod[];
  /** Bumped on every change, so a plugin may keep what it worked out for one pod until the cluster moves. */
  readonly version?: number;
  /**
   * Bound pods with required anti-affinity terms, and their nodes: every pod scheduled must keep
   * out of their way (kube-scheduler keeps the same list), so it is indexed, not searched for.
   */
  withRequiredAntiAffinity?(): readonly PlacedPod[];
  /** A namespace's labels, for affinity terms with a namespaceSelector; undefined when unknown. */
  namespaceLabels?(namespace: string): Readonly<Record<string, string>> | undefined;
}

export interface PlacedPod {
  readonly pod: Pod;
  readonly nodeName: string;
}

/**
 * An expected negative outcome of a filter, as a value: `Unschedulable` can change when the
 * cluster does (a pod leaves); `UnschedulableAndUnresolvable` cannot (wrong node name).
 */
export interface FilterStatus {
  code: 'Unschedulable' | 'UnschedulableAndUnresolvable';
  /** Human reason, aggregated across nodes, e.g. "Insufficient memory". */
  reason: string;
}

export interface FilterPlugin {
  readonly name: string;
  /**
   * Asked once per pod (kube-scheduler's PreFilter): false when the filter would pass every
   * node for this pod, which then skips it on the hundreds of nodes it examines. Absent: true.
   */
  appliesTo?(pod: Pod, snapshot?: Snapshot): boolean;
  /**
   * Asked once per pod before any node (kube-scheduler's PreFilter): a status when the pod can
   * go nowhere whatever the node (a claim that does not exist), which then names no node count.
   */
  preFilter?(pod: Pod): FilterStatus | undefined;
  /**
   * Returns undefined when the pod fits the node. `node` may be a trial view of a node with some
   * pods gone (preemption), so a plugin reads the node's pods from it, not from the snapshot.
   */
  filter(pod: Pod, node: NodeInfo, snapshot?: Snapshot): FilterStatus | undefined;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Asked once per pod: false when the score would be the same on every node (it cannot change the choice). */
  appliesTo?(pod: Pod): boolean;
  /**
   * A score from 0 (worst) to 100 (best); with `normalize`, any number, which the scheduler then
   * scales to 0–100 over the feasible nodes (lowest 0, highest 100), as kube-scheduler's NormalizeScore.
   */
  score(pod: Pod, node: NodeInfo, snapshot: Snapshot): number;
  readonly normalize?: boolean;
}

export type ScheduleResult =
  | { outcome: 'Scheduled'; nodeName: string; feasibleNodes: number; evaluatedNodes: number }
  | { outcome: 'Unschedulable'; message: string; reasons: Record<string, number> };
