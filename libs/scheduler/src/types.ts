import type { Node, Pod } from '@stevedore/api';

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
  /** Returns undefined when the pod fits the node. */
  filter(pod: Pod, node: NodeInfo): FilterStatus | undefined;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** A score from 0 (worst) to 100 (best). */
  score(pod: Pod, node: NodeInfo, snapshot: Snapshot): number;
}

export type ScheduleResult =
  | { kind: 'Scheduled'; nodeName: string; feasibleNodes: number; evaluatedNodes: number }
  | { kind: 'Unschedulable'; message: string; reasons: Record<string, number> };
