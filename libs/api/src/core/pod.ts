import { t, Infer } from '../schema';
import { dns1123Label, labelValue, qualifiedName } from '../meta/names';
import { labelSelectorSchema, objectHeader, objectMetaSchema } from '../meta/object-meta';
import { containerSchema } from './container';

const keyToPath = t.array(t.object({ key: t.required(t.string()), path: t.required(t.string()), mode: t.integer(0, 0o777) }));

export const volumeSchema = t.object({
  name: t.required(t.string().check(dns1123Label)),
  emptyDir: t.object({ medium: t.enum(['', 'Memory'] as const), sizeLimit: t.string() }),
  hostPath: t.object({ path: t.required(t.string()), type: t.string() }),
  configMap: t.object({ name: t.string(), items: keyToPath, defaultMode: t.integer(0, 0o777), optional: t.boolean() }),
  secret: t.object({ secretName: t.string(), items: keyToPath, defaultMode: t.integer(0, 0o777), optional: t.boolean() }),
});

export const tolerationSchema = t.object({
  key: t.string(),
  operator: t.enum(['Exists', 'Equal'] as const),
  value: t.string(),
  effect: t.enum(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
  tolerationSeconds: t.int64(),
});

const nodeSelectorTerm = t.object({
  matchExpressions: t.array(t.object({
    key: t.required(t.string()),
    operator: t.required(t.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const)),
    values: t.array(t.string()),
  })),
  matchFields: t.array(t.object({
    key: t.required(t.string()),
    operator: t.required(t.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const)),
    values: t.array(t.string()),
  })),
});

export const affinitySchema = t.object({
  nodeAffinity: t.object({
    requiredDuringSchedulingIgnoredDuringExecution: t.object({ nodeSelectorTerms: t.required(t.array(nodeSelectorTerm)) }),
    preferredDuringSchedulingIgnoredDuringExecution: t.array(t.object({
      weight: t.required(t.integer(1, 100)),
      preference: t.required(nodeSelectorTerm),
    })),
  }),
  podAffinity: t.any(),
  podAntiAffinity: t.any(),
});

export const podSpecSchema = t.object({
  containers: t.required(t.array(containerSchema, { mergeKey: 'name' })),
  initContainers: t.array(containerSchema, { mergeKey: 'name' }),
  volumes: t.array(volumeSchema, { mergeKey: 'name', patchStrategy: 'merge,retainKeys' }),
  restartPolicy: t.enum(['Always', 'OnFailure', 'Never'] as const),
  terminationGracePeriodSeconds: t.int64(0),
  activeDeadlineSeconds: t.int64(1),
  dnsPolicy: t.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const),
  nodeSelector: t.map(t.string().check(labelValue), qualifiedName),
  serviceAccountName: t.string(),
  serviceAccount: t.string(),
  automountServiceAccountToken: t.boolean(),
  nodeName: t.string(),
  hostNetwork: t.boolean(),
  hostPID: t.boolean(),
  hostIPC: t.boolean(),
  securityContext: t.any(),
  imagePullSecrets: t.array(t.object({ name: t.string() }), { mergeKey: 'name' }),
  hostname: t.string().check(dns1123Label),
  subdomain: t.string().check(dns1123Label),
  affinity: affinitySchema,
  schedulerName: t.string(),
  tolerations: t.array(tolerationSchema),
  hostAliases: t.array(t.object({ ip: t.required(t.string()), hostnames: t.array(t.string()) }), { mergeKey: 'ip' }),
  priorityClassName: t.string(),
  priority: t.integer(),
  enableServiceLinks: t.boolean(),
  preemptionPolicy: t.string(),
  topologySpreadConstraints: t.array(t.object({
    maxSkew: t.required(t.integer(1)),
    topologyKey: t.required(t.string()),
    whenUnsatisfiable: t.required(t.enum(['DoNotSchedule', 'ScheduleAnyway'] as const)),
    labelSelector: labelSelectorSchema,
  }), { mergeKey: 'topologyKey' }),
});

export const podSchema = t.object({
  ...objectHeader,
  spec: t.required(podSpecSchema),
  // Status is written by the scheduler and agents; kept free-form at this layer.
  status: t.any(),
}).kind('', 'v1', 'Pod');

export const podTemplateSpecSchema = t.object({ metadata: objectMetaSchema, spec: t.required(podSpecSchema) });

export type PodSpec = Infer<typeof podSpecSchema>;
export type Pod = Infer<typeof podSchema>;
export type Container = PodSpec['containers'][number];

