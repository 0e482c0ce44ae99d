import type { Node, Pod, Taint } from '@stevedore/api';
import { hasRequiredAntiAffinity } from './plugins/affinity-terms';
import { controllerUid } from './plugins/owner-spread';
import { addResources, hostPorts, nodeAllocatable, podRequests } from './resources';
import type { NodeInfo, PlacedPod, Resources, Snapshot } from './types';

interface MutableNodeInfo extends NodeInfo {
  node: Node;
  ready: boolean;
  unschedulable: boolean;
  taints: Taint[];
  allocatable: Resources;
  requested: Resources;
  pods: Map<string, Pod>;
  usedHostPorts: Set<string>;
}

const NO_PODS: readonly Pod[] = [];
const podKey = (pod: Pod) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
const isReady = (node: Node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const isTerminal = (pod: Pod) => {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** What a NodeInfo reads off its node, each time the node changes. */
function fromNode(node: Node) {
  return {
    node,
    ready: isReady(node),
    unschedulable: !!node.spec?.unschedulable,
    taints: node.spec?.taints ?? [],
    allocatable: nodeAllocatable(node.status?.allocatable),
  };
}

/**
 * The scheduler's view of the cluster, fed by node and pod watch events and by its own
 * binding decisions ("assumed" pods), kept incrementally so that a decision costs
 * O(nodes examined) rather than a rebuild. It is the Snapshot that plugins read.
 */
export class ClusterState implements Snapshot {
  private readonly infos = new Map<string, MutableNodeInfo>();
  private readonly placed = new Map<string, { pod: Pod; nodeName: string }>();
  private readonly owners = new Map<string, Map<string, number>>();
  /** Pods nominated by a preemption, by node then pod key; and each pod's node, to move or clear it. */
  private readonly nominated = new Map<string, Map<string, Pod>>();
  private readonly nominatedNode = new Map<string, string>();
  private nodeList: NodeInfo[] | undefined;
  /** Placed pods with required anti-affinity, by pod key; its list is rebuilt only after a change. */
  private readonly antiAffinity = new Map<string, PlacedPod>();
  private antiAffinityList: PlacedPod[] | undefined;
  private changes = 0;
  /** Where namespace labels come from (the scheduler's namespace cache); none known without it. */
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>> | undefined = () => undefined;

  get version(): number {
    return this.changes;
  }

  withRequiredAntiAffinity(): readonly PlacedPod[] {
    this.antiAffinityList ??= [...this.antiAffinity.values()];
    return this.antiAffinityList;
  }

  get nodes(): readonly NodeInfo[] {
    this.nodeList ??= [...this.infos.values()].sort((a, b) => a.name.localeCompare(b.name));
    return this.nodeList;
  }

  get(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  ownedPodsOn(ownerUid: string, nodeName: string): number {
    return this.owners.get(ownerUid)?.get(nodeName) ?? 0;
  }

  nominatedOn(nodeName: string): readonly Pod[] {
    const pods = this.nominated.get(nodeName);
    // Asked for every node examined: no allocation for the many with no nominations.
    return pods ? [...pods.values()] : NO_PODS;
  }

  /** Reserves room on `nodeName` for a pod that preempted there, until it is bound or gives up. */
  nominate(pod: Pod, nodeName: string): void {
    this.clearNomination(pod);
    const key = podKey(pod);
    const pods = this.nominated.get(nodeName) ?? new Map<string, Pod>();
    this.nominated.set(nodeName, pods.set(key, pod));
    this.nominatedNode.set(key, nodeName);
  }

  clearNomination(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod as Pod);
    const nodeName = this.nominatedNode.get(key);
    if (nodeName === undefined) return;
    this.nominatedNode.delete(key);
    const pods = this.nominated.get(nodeName);
    pods?.delete(key);
    if (pods?.size === 0) this.nominated.delete(nodeName);
  }

  upsertNode(node: Node): void {
    this.changes++;
    const name = node.metadata.name!;
    const existing = this.infos.get(name);
    if (existing) {
      Object.assign(existing, fromNode(node));
      return;
    }
    this.infos.set(name, {
      name,
      ...fromNode(node),
      requested: { milliCpu: 0, memory: 0, pods: 0 },
      pods: new Map(),
      usedHostPorts: new Set(),
    });
    for (const { pod, nodeName } of this.placed.values()) if (nodeName === name) this.account(pod, name, 1);
    this.nodeList = undefined;
  }

  removeNode(name: string): void {
    this.changes++;
    if (this.infos.delete(name)) this.nodeList = undefined;
  }

  /** Records a pod from the store: counted on its node while bound and not finished. */
  upsertPod(pod: Pod): void {
    this.removePod(pod);
    const nodeName = pod.spec.nodeName;
    if (!nodeName || isTerminal(pod)) return;
    this.placed.set(podKey(pod), { pod, nodeName });
    this.account(pod, nodeName, 1);
  }

  /** Counts a pod on a node as soon as the scheduler decides, before the binding is observed. */
  assume(pod: Pod, nodeName: string): void {
    this.upsertPod({ ...pod, spec: { ...pod.spec, nodeName } });
  }

  removePod(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod as Pod);
    const entry = this.placed.get(key);
    if (!entry) return;
    this.placed.delete(key);
    this.account(entry.pod, entry.nodeName, -1);
  }

  private account(pod: Pod, nodeName: string, sign: 1 | -1): void {
    this.changes++;
    if (hasRequiredAntiAffinity(pod)) {
      if (sign > 0) this.antiAffinity.set(podKey(pod), { pod, nodeName });
      else this.antiAffinity.delete(podKey(pod));
      this.antiAffinityList = undefined;
    }
    const owner = controllerUid(pod);
    if (owner) {
      const perNode = this.owners.get(owner) ?? new Map<string, number>();
      perNode.set(nodeName, (perNode.get(nodeName) ?? 0) + sign);
      this.owners.set(owner, perNode);
    }
    const info = this.infos.get(nodeName);
    if (!info) return;
    info.requested = addResources(info.requested, podRequests(pod), sign);
    if (sign > 0) info.pods.set(podKey(pod), pod);
    else info.pods.delete(podKey(pod));
    for (const port of hostPorts(pod)) {
      if (sign > 0) info.usedHostPorts.add(port);
      else info.usedHostPorts.delete(port);
    }
  }
}
