// A node as it would be with some of its pods gone: what the filters see while preemption tries
// evictions on it. Mutable, so that putting victims back one at a time costs a few additions
// each rather than a copy of the node's pods.
import type { Node, Pod, Taint } from '@stevedore/api';
import { addResources, hostPorts, podRequests } from './resources';
import type { NodeInfo, Resources } from './types';

/** As ClusterState keys a node's pods. */
export const podKeyOf = (pod: Pod) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;

export class TrialNode implements NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly ready: boolean;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  requested: Resources;
  readonly pods: Map<string, Pod>;
  usedHostPorts: Set<string>;

  /** `base` without the pods in `removed`. */
  constructor(base: NodeInfo, removed: readonly Pod[]) {
    this.node = base.node;
    this.name = base.name;
    this.ready = base.ready;
    this.unschedulable = base.unschedulable;
    this.taints = base.taints;
    this.allocatable = base.allocatable;
    this.requested = base.requested;
    this.pods = new Map(base.pods);
    this.usedHostPorts = new Set(base.usedHostPorts);
    for (const pod of removed) this.remove(pod);
  }

  remove(pod: Pod): void {
    if (!this.pods.delete(podKeyOf(pod))) return;
    this.requested = addResources(this.requested, podRequests(pod), -1);
    // A set keeps no counts: recount from the pods left, in case another of them holds the same port.
    if (hostPorts(pod).length) this.usedHostPorts = new Set([...this.pods.values()].flatMap((p) => hostPorts(p)));
  }

  restore(pod: Pod): void {
    this.pods.set(podKeyOf(pod), pod);
    this.requested = addResources(this.requested, podRequests(pod));
    for (const port of hostPorts(pod)) this.usedHostPorts.add(port);
  }
}
