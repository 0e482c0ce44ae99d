import { t, Infer } from '../schema';
import { objectHeader } from '../meta/object-meta';
import { tolerationSchema } from './pod';

const taintSchema = t.object({
  key: t.required(t.string()),
  value: t.string(),
  effect: t.required(t.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const)),
  timeAdded: t.string(),
});

const conditionSchema = t.object({
  type: t.required(t.string()),
  status: t.required(t.enum(['True', 'False', 'Unknown'] as const)),
  lastHeartbeatTime: t.string(),
  lastTransitionTime: t.string(),
  reason: t.string(),
  message: t.string(),
});

export const nodeSchema = t.object({
  ...objectHeader,
  spec: t.object({
    podCIDR: t.string(),
    podCIDRs: t.array(t.string()),
    providerID: t.string(),
    unschedulable: t.boolean(),
    taints: t.array(taintSchema),
  }),
  status: t.object({
    capacity: t.map(t.string()),
    allocatable: t.map(t.string()),
    phase: t.string(),
    conditions: t.array(conditionSchema, { mergeKey: 'type' }),
    addresses: t.array(t.object({ type: t.required(t.string()), address: t.required(t.string()) }), { mergeKey: 'type' }),
    daemonEndpoints: t.any(),
    nodeInfo: t.any(),
    images: t.any(),
  }),
}).kind('', 'v1', 'Node');

export const eventSchema = t.object({
  ...objectHeader,
  involvedObject: t.required(t.object({
    kind: t.string(), namespace: t.string(), name: t.string(), uid: t.string(),
    apiVersion: t.string(), resourceVersion: t.string(), fieldPath: t.string(),
  })),
  reason: t.string(),
  message: t.string(),
  source: t.object({ component: t.string(), host: t.string() }),
  firstTimestamp: t.string(),
  lastTimestamp: t.string(),
  eventTime: t.string(),
  count: t.integer(),
  type: t.enum(['Normal', 'Warning'] as const),
  reportingComponent: t.string(),
  reportingInstance: t.string(),
}).kind('', 'v1', 'Event');

export const leaseSchema = t.object({
  ...objectHeader,
  spec: t.object({
    holderIdentity: t.string(),
    leaseDurationSeconds: t.integer(0),
    acquireTime: t.string(),
    renewTime: t.string(),
    leaseTransitions: t.integer(0),
  }),
}).kind('coordination.k8s.io', 'v1', 'Lease');

export type Node = Infer<typeof nodeSchema>;
export type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
export type Toleration = Infer<typeof tolerationSchema>;
export type Event = Infer<typeof eventSchema>;
export type Lease = Infer<typeof leaseSchema>;
