// The API objects a node session writes: its Node (on register and status changes), its Lease
// (on heartbeats), the status of its pods, and events. Every write is compare-and-swap.
import { ignoring, isAlreadyExists, isConflict, isNotFound, leases, nodes, type Pod, pods } from '@stevedore/api';
import { type ApiObject, deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import type { EventCorrelator } from '@stevedore/controllers';

export const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_SECONDS = 40;
/** Status reports are recorded in managedFields as the kubelet's status updates are. */
const STATUS_WRITE = { managerSubresource: 'status' };

/** Creates the Node, or refreshes its status, labels and annotations when it registers again. */
export async function upsertNode(registry: ObjectRegistry, reported: ApiObject): Promise<ApiObject> {
  const name = reported.metadata.name;
  try {
    return (await registry.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', ...reported }, { fieldValidation: 'Ignore' })).object;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  return registry.modify(nodes, undefined, name, (node) => {
    node.metadata.labels = { ...node.metadata.labels, ...reported.metadata.labels };
    if (reported.metadata.annotations) node.metadata.annotations = { ...node.metadata.annotations, ...reported.metadata.annotations };
    node.status = { ...node.status, ...reported.status };
    return node;
  });
}

export async function updateNodeStatus(registry: ObjectRegistry, name: string, status: Record<string, unknown>): Promise<void> {
  await registry.modify(
    nodes,
    undefined,
    name,
    (node) => {
      const next = { ...node.status, ...status };
      if (JSON.stringify(next) === JSON.stringify(node.status)) return undefined;
      node.status = next;
      return node;
    },
    undefined,
    STATUS_WRITE,
  );
}

export function microTime(date = new Date()): string {
  return date.toISOString().replace('Z', '000Z');
}

/**
 * Renews the node's Lease in kube-node-lease (created on first renewal), starting from the lease
 * this session wrote last, as the kubelet does: informers lag on a busy control plane, and a
 * renewal from a stale copy cost a conflict and a read.
 */
export async function renewLease(registry: ObjectRegistry, node: string, nodeUid: string, last?: ApiObject): Promise<ApiObject> {
  const renew = (lease: ApiObject) => {
    lease.spec = { ...lease.spec, holderIdentity: node, leaseDurationSeconds: LEASE_SECONDS, renewTime: microTime() };
    return lease;
  };
  try {
    return await registry.modify(leases, LEASE_NAMESPACE, node, renew, last);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const created = await registry.create(leases, LEASE_NAMESPACE, {
      metadata: { name: node, namespace: LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: nodeUid }] },
      spec: { holderIdentity: node, leaseDurationSeconds: LEASE_SECONDS, renewTime: microTime() },
    });
    return created.object;
  }
}

/**
 * What NodeRestriction answers a node writing about a pod: 'refused' when the pod is bound to
 * another node (a rogue or confused agent, for the caller to log), else undefined.
 */
export type NodeWrite = 'refused' | undefined;

/** Writes a pod's status as its node reports it; ignores reports about pods that are gone or replaced (uid differs). */
export async function writePodStatus(
  registry: ObjectRegistry,
  node: string,
  report: { namespace: string; name: string; uid: string; status: Record<string, unknown> },
): Promise<NodeWrite> {
  let outcome: NodeWrite;
  try {
    const change = (pod: Pod) => {
      if (pod.metadata.uid !== report.uid) return undefined;
      if (pod.spec.nodeName !== node) {
        outcome = 'refused';
        return undefined;
      }
      // The scheduler owns nominatedNodeName (a preemptor's node); the node's report never carries it.
      const nominated = pod.status?.nominatedNodeName;
      const status = nominated ? { ...report.status, nominatedNodeName: nominated } : report.status;
      if (JSON.stringify(pod.status) === JSON.stringify(status)) return undefined;
      pod.status = status;
      return pod;
    };
    await registry.modify(pods, report.namespace, report.name, change, undefined, STATUS_WRITE);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return outcome;
}

/** The node has stopped a deleted pod's containers: remove the object, as the kubelet does with grace 0. */
export async function finishPodDeletion(
  registry: ObjectRegistry,
  node: string,
  report: { namespace: string; name: string; uid: string },
): Promise<NodeWrite> {
  // Already deleted (by the pod's controller, or a force delete) leaves nothing to finish.
  const pod = await registry.get(pods, report.namespace, report.name).catch(ignoring(isNotFound));
  if (!pod || pod.metadata.uid !== report.uid) return undefined;
  if (pod.spec.nodeName !== node) return 'refused';
  if (!pod.metadata.deletionTimestamp) return undefined;
  await deleteObject(registry, pods, report.namespace, report.name, { gracePeriodSeconds: 0, preconditions: { uid: report.uid } }).catch(
    ignoring(isNotFound, isConflict),
  );
  return undefined;
}

/** The agent's events, with the node as their source; repeats are counted on one Event. */
export async function recordEvent(events: EventCorrelator, node: string, event: ApiObject): Promise<void> {
  event.source = { component: 'stevedore-agent', host: node };
  event.reportingComponent = 'stevedore-agent';
  event.reportingInstance = node;
  await events.record(event);
}
