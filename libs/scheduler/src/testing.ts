// Builders for scheduler tests and benchmarks: small, valid Node and Pod objects.
import type { Node, Pod } from '@stevedore/api';

export function makeNode(
  name: string,
  opts: {
    cpu?: string;
    memory?: string;
    pods?: string;
    labels?: Record<string, string>;
    taints?: NonNullable<Node['spec']>['taints'];
    unschedulable?: boolean;
    ready?: boolean;
  } = {},
): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: {
      allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' },
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

export function makePod(
  name: string,
  opts: { cpu?: string; memory?: string; nodeName?: string; owner?: string; spec?: Partial<Pod['spec']>; hostPort?: number } = {},
): Pod {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      ownerReferences: opts.owner
        ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: opts.owner, uid: opts.owner, controller: true }]
        : undefined,
    },
    spec: {
      nodeName: opts.nodeName,
      containers: [
        {
          name: 'c',
          image: 'busybox:1',
          resources: { requests },
          ports: opts.hostPort ? [{ containerPort: 80, hostPort: opts.hostPort }] : undefined,
        },
      ],
      ...opts.spec,
    },
  };
}
