import type { Node } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, none, type Printer } from '../../printing';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

function nodeStatus(n: Node): string {
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  // As kubectl shows it: Unknown (agent silent) is NotReady too; a node with no Ready condition yet is Unknown.
  const status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  return n.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

export const nodePrinter: Printer<Node> = {
  columns: [
    nameColumn,
    column('Status'),
    column('Roles'),
    ageColumn,
    column('Version'),
    column('Internal-IP', 'string', 1),
    column('External-IP', 'string', 1),
    column('OS-Image', 'string', 1),
    column('Kernel-Version', 'string', 1),
    column('Container-Runtime', 'string', 1),
  ],
  cells: (n, now) => {
    const roles = Object.keys(n.metadata.labels ?? {})
      .filter((k) => k.startsWith(ROLE_PREFIX))
      .map((k) => k.slice(ROLE_PREFIX.length))
      .join(',');
    const address = (type: string) => none((n.status?.addresses ?? []).find((a) => a.type === type)?.address);
    const info = n.status?.nodeInfo;
    return [
      n.metadata.name,
      nodeStatus(n),
      none(roles),
      age(n.metadata.creationTimestamp, now),
      none(info?.kubeletVersion),
      address('InternalIP'),
      address('ExternalIP'),
      none(info?.osImage),
      none(info?.kernelVersion),
      none(info?.containerRuntimeVersion),
    ];
  },
};
