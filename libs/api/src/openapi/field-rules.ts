// Checks Kubernetes makes in code (its validation.go), not in its OpenAPI: name formats,
// ranges and allowed values. Keyed by definition and property, so a rule holds wherever that
// definition appears (a Pod's containers and a Deployment template's alike).
import { cIdentifier, dns1123Label, envVarName, labelValue, qualifiedName } from '../meta/names';

export type Check = (value: string) => string | undefined;

export interface FieldRule {
  /** The values a string may take (422 NotSupported otherwise). */
  oneOf?: readonly string[];
  /** A format check on a string, or on each value of a map. */
  check?: Check;
  /** A check on each key of a map. */
  keys?: Check;
  min?: number;
  max?: number;
  /** Items of a list must differ in this field. */
  unique?: string;
}

const noDotDot: Check = (v) => (v.split('/').includes('..') ? "must not contain '..'" : undefined);
const relativePath: Check = (v) => (v.startsWith('/') || v.split('/').includes('..') ? "must be a relative path without '..'" : undefined);
const portName: Check = (v) => (v.length > 15 ? 'must be no more than 15 characters' : dns1123Label(v));
const dataKey: Check = (key) =>
  key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key)
    ? undefined
    : "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const labels: FieldRule = { keys: qualifiedName, check: labelValue };
const port: FieldRule = { min: 1, max: 65535 };
const optionalPort: FieldRule = { min: 0, max: 65535 };
const atLeast = (min: number): FieldRule => ({ min });
const mode: FieldRule = { min: 0, max: 0o777 };
const protocol: FieldRule = { oneOf: ['TCP', 'UDP', 'SCTP'] };
const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** Rules by short definition name (`core.v1.Container`, without `io.k8s.api.` or `io.k8s.apimachinery.pkg.apis.`). */
const RULES: Record<string, Record<string, FieldRule>> = {
  // metadata.name follows each kind's own rule (ResourceStrategy.nameProblem).
  'meta.v1.ObjectMeta': { labels, annotations: { keys: qualifiedName } },
  'meta.v1.LabelSelector': { matchLabels: labels },
  'meta.v1.LabelSelectorRequirement': { key: { check: qualifiedName }, operator: { oneOf: operators } },
  'core.v1.PodSpec': {
    restartPolicy: { oneOf: ['Always', 'OnFailure', 'Never'] },
    dnsPolicy: { oneOf: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
    terminationGracePeriodSeconds: atLeast(0),
    activeDeadlineSeconds: atLeast(1),
    nodeSelector: labels,
    hostname: { check: dns1123Label },
    subdomain: { check: dns1123Label },
    volumes: { unique: 'name' },
  },
  'core.v1.Container': {
    name: { check: dns1123Label },
    imagePullPolicy: { oneOf: ['Always', 'IfNotPresent', 'Never'] },
    terminationMessagePolicy: { oneOf: ['File', 'FallbackToLogsOnError'] },
    volumeMounts: { unique: 'mountPath' },
  },
  'core.v1.ContainerPort': { name: { check: portName }, containerPort: port, hostPort: optionalPort, protocol },
  'core.v1.EnvVar': { name: { check: envVarName } },
  'discovery.v1.EndpointSlice': { addressType: { oneOf: ['IPv4', 'IPv6', 'FQDN'] } },
  // An unnamed port (the only one of its Service) has the empty name.
  'discovery.v1.EndpointPort': { name: { check: (v) => (v === '' ? undefined : portName(v)) }, protocol, port: optionalPort },
  'core.v1.PersistentVolumeSpec': {
    persistentVolumeReclaimPolicy: { oneOf: ['Delete', 'Recycle', 'Retain'] },
    volumeMode: { oneOf: ['Block', 'Filesystem'] },
  },
  'core.v1.PersistentVolumeClaimSpec': { volumeMode: { oneOf: ['Block', 'Filesystem'] } },
  'storage.v1.StorageClass': {
    reclaimPolicy: { oneOf: ['Delete', 'Retain'] },
    volumeBindingMode: { oneOf: ['Immediate', 'WaitForFirstConsumer'] },
  },
  'policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: { oneOf: ['IfHealthyBudget', 'AlwaysAllow'] } },
  'core.v1.EnvFromSource': { prefix: { check: cIdentifier } },
  'core.v1.VolumeMount': { mountPath: { check: noDotDot }, subPath: { check: relativePath } },
  'core.v1.Volume': { name: { check: dns1123Label } },
  'core.v1.KeyToPath': { mode },
  'core.v1.ConfigMapVolumeSource': { defaultMode: mode },
  'core.v1.SecretVolumeSource': { defaultMode: mode },
  'core.v1.Probe': {
    initialDelaySeconds: atLeast(0),
    timeoutSeconds: atLeast(1),
    periodSeconds: atLeast(1),
    successThreshold: atLeast(1),
    failureThreshold: atLeast(1),
    terminationGracePeriodSeconds: atLeast(1),
  },
  'core.v1.HTTPGetAction': { scheme: { oneOf: ['HTTP', 'HTTPS'] } },
  'core.v1.SecurityContext': { runAsUser: atLeast(0), runAsGroup: atLeast(0) },
  'core.v1.Toleration': {
    operator: { oneOf: ['Exists', 'Equal'] },
    effect: { oneOf: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  },
  'core.v1.Taint': { effect: { oneOf: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] } },
  'core.v1.NodeSelectorRequirement': { operator: { oneOf: [...operators, 'Gt', 'Lt'] } },
  'core.v1.PreferredSchedulingTerm': { weight: { min: 1, max: 100 } },
  'core.v1.WeightedPodAffinityTerm': { weight: { min: 1, max: 100 } },
  'core.v1.TopologySpreadConstraint': { maxSkew: atLeast(1), whenUnsatisfiable: { oneOf: ['DoNotSchedule', 'ScheduleAnyway'] } },
  'core.v1.ConfigMap': { data: { keys: dataKey }, binaryData: { keys: dataKey } },
  'core.v1.Secret': { data: { keys: dataKey }, stringData: { keys: dataKey } },
  'core.v1.ServiceSpec': {
    type: { oneOf: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
    sessionAffinity: { oneOf: ['None', 'ClientIP'] },
    selector: labels,
  },
  'core.v1.ServicePort': { name: { check: dns1123Label }, port, nodePort: optionalPort, protocol },
  'core.v1.EndpointPort': { port, protocol },
  'core.v1.Event': { type: { oneOf: ['Normal', 'Warning'] } },
  'coordination.v1.LeaseSpec': { leaseDurationSeconds: atLeast(0), leaseTransitions: atLeast(0) },
  'apps.v1.DeploymentSpec': {
    replicas: atLeast(0),
    minReadySeconds: atLeast(0),
    revisionHistoryLimit: atLeast(0),
    progressDeadlineSeconds: atLeast(1),
  },
  'apps.v1.DeploymentStrategy': { type: { oneOf: ['RollingUpdate', 'Recreate'] } },
  'apps.v1.ReplicaSetSpec': { replicas: atLeast(0), minReadySeconds: atLeast(0) },
  'apps.v1.DaemonSetSpec': { minReadySeconds: atLeast(0), revisionHistoryLimit: atLeast(0) },
  'apps.v1.DaemonSetUpdateStrategy': { type: { oneOf: ['RollingUpdate', 'OnDelete'] } },
  'apps.v1.StatefulSetSpec': {
    replicas: atLeast(0),
    minReadySeconds: atLeast(0),
    revisionHistoryLimit: atLeast(0),
    podManagementPolicy: { oneOf: ['OrderedReady', 'Parallel'] },
  },
  'apps.v1.StatefulSetUpdateStrategy': { type: { oneOf: ['RollingUpdate', 'OnDelete'] } },
  'apps.v1.RollingUpdateStatefulSetStrategy': { partition: atLeast(0) },
  'apps.v1.StatefulSetOrdinals': { start: atLeast(0) },
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': {
    whenDeleted: { oneOf: ['Retain', 'Delete'] },
    whenScaled: { oneOf: ['Retain', 'Delete'] },
  },
  'apps.v1.ControllerRevision': { revision: atLeast(0) },
  'batch.v1.JobSpec': {
    parallelism: atLeast(0),
    completions: atLeast(0),
    backoffLimit: atLeast(0),
    activeDeadlineSeconds: atLeast(1),
    ttlSecondsAfterFinished: atLeast(0),
    completionMode: { oneOf: ['NonIndexed', 'Indexed'] },
  },
  'batch.v1.PodFailurePolicyRule': { action: { oneOf: ['Count', 'FailIndex', 'FailJob', 'Ignore'] } },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': { operator: { oneOf: ['In', 'NotIn'] } },
};

function shortName(definition: string): string {
  return definition.replace(/^io\.k8s\.api\./, '').replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '');
}

export function fieldRule(definition: string, property: string): FieldRule | undefined {
  return RULES[shortName(definition)]?.[property];
}
