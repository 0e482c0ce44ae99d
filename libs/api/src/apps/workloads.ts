import { t, Infer } from '../schema';
import { labelSelectorSchema, objectHeader } from '../meta/object-meta';
import { podTemplateSpecSchema } from '../core/pod';

const rollingUpdate = t.object({ maxSurge: t.intOrString(), maxUnavailable: t.intOrString() });

export const deploymentSchema = t.object({
  ...objectHeader,
  spec: t.required(t.object({
    replicas: t.integer(0),
    selector: t.required(labelSelectorSchema),
    template: t.required(podTemplateSpecSchema),
    strategy: t.object({ type: t.enum(['RollingUpdate', 'Recreate'] as const), rollingUpdate }),
    minReadySeconds: t.integer(0),
    revisionHistoryLimit: t.integer(0),
    paused: t.boolean(),
    progressDeadlineSeconds: t.integer(1),
  })),
  status: t.any(),
}).kind('apps', 'v1', 'Deployment');

export const replicaSetSchema = t.object({
  ...objectHeader,
  spec: t.required(t.object({
    replicas: t.integer(0),
    selector: t.required(labelSelectorSchema),
    template: podTemplateSpecSchema,
    minReadySeconds: t.integer(0),
  })),
  status: t.any(),
}).kind('apps', 'v1', 'ReplicaSet');

export const daemonSetSchema = t.object({
  ...objectHeader,
  spec: t.required(t.object({
    selector: t.required(labelSelectorSchema),
    template: t.required(podTemplateSpecSchema),
    updateStrategy: t.object({ type: t.enum(['RollingUpdate', 'OnDelete'] as const), rollingUpdate }),
    minReadySeconds: t.integer(0),
    revisionHistoryLimit: t.integer(0),
  })),
  status: t.any(),
}).kind('apps', 'v1', 'DaemonSet');

export type Deployment = Infer<typeof deploymentSchema>;
export type ReplicaSet = Infer<typeof replicaSetSchema>;
export type DaemonSet = Infer<typeof daemonSetSchema>;
