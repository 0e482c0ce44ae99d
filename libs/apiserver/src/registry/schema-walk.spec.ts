// Every field of every served kind, one object each: created through the registry, read back,
// and compared. The fields and their values come from Kubernetes' OpenAPI definitions (see
// field-samples.ts), so a field the schemas drop or refuse fails here by name.
import {
  customResourceDefinitions,
  dotted,
  type FieldSample,
  fieldSamples,
  ingressClasses,
  ingresses,
  minimalObject,
  namespaces,
  type Preferred,
  persistentVolumeClaims,
  persistentVolumes,
  RESOURCES,
  type ResourceStrategy,
  valueAt,
  volumeSources,
  withField,
} from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import type { ApiObject } from '../objects/api-object';
import { ObjectRegistry } from './object-registry';

// Set by the server, or by the request (name, namespace): not the client's to choose.
const SERVER_OWNED = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'metadata.deletionGracePeriodSeconds',
  'metadata.selfLink',
];

// Fields a kind refuses whatever their value, as upstream does (structural schemas forbid these).
const REFUSED = new Set(
  ['$ref', 'additionalItems', 'uniqueItems', 'x-kubernetes-list-map-keys'].map((f) => `spec.versions.schema.openAPIV3Schema.${f}`),
);

const WEBHOOK: Preferred = {
  'webhooks.name': 'sample.example.com',
  'webhooks.sideEffects': 'None',
  'webhooks.admissionReviewVersions': ['v1'],
  'webhooks.failurePolicy': 'Ignore',
  'webhooks.matchPolicy': 'Exact',
  'webhooks.timeoutSeconds': 5,
  'webhooks.clientConfig.url': 'https://sample.example.com/hook',
  'webhooks.clientConfig.service.path': '/sample',
  'webhooks.clientConfig.service.port': 8443,
  'webhooks.rules.operations': ['CREATE'],
  'webhooks.rules.apiGroups': [''],
  'webhooks.rules.apiVersions': ['v1'],
  'webhooks.rules.resources': ['pods'],
  'webhooks.rules.scope': 'Namespaced',
  'webhooks.namespaceSelector.matchExpressions.operator': 'Exists',
  'webhooks.objectSelector.matchExpressions.operator': 'Exists',
  'webhooks.matchConditions.expression': 'true',
};

/** A webhook is reached through a URL unless the sample gives it a Service, and its rules are whole. */
function meetWebhookRules(webhooks: Obj[] | undefined): void {
  for (const w of webhooks ?? []) {
    if (!w.clientConfig?.url && !w.clientConfig?.service) w.clientConfig = { ...w.clientConfig, url: 'https://sample.example.com/hook' };
    for (const r of w.rules ?? []) Object.assign(r, { ...WEBHOOK_RULE, ...r });
    for (const s of [w.namespaceSelector, w.objectSelector])
      for (const req of s?.matchExpressions ?? []) if (req.values?.length) req.operator = 'In';
  }
}

const WEBHOOK_RULE = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };

// Values that a kind's own rules narrow, beyond what the schema allows.
const PREFERRED: Record<string, Preferred> = {
  Job: { 'spec.template.spec.restartPolicy': 'Never', 'spec.manualSelector': true },
  CronJob: {
    'spec.schedule': '*/5 * * * *',
    'spec.timeZone': 'Europe/Berlin',
    'spec.jobTemplate.spec.template.spec.restartPolicy': 'Never',
  },
  PriorityClass: { value: 1000, preemptionPolicy: 'Never' },
  RoleBinding: { 'roleRef.apiGroup': 'rbac.authorization.k8s.io', 'roleRef.kind': 'ClusterRole', 'subjects.kind': 'User' },
  ClusterRoleBinding: { 'roleRef.apiGroup': 'rbac.authorization.k8s.io', 'roleRef.kind': 'ClusterRole', 'subjects.kind': 'User' },
  PersistentVolume: {
    'spec.capacity': { storage: '1Gi' },
    'spec.accessModes': ['ReadWriteOnce'],
    'spec.hostPath.path': '/sample',
    'spec.local.path': '/sample',
  },
  PersistentVolumeClaim: { 'spec.accessModes': ['ReadWriteOnce'] },
  // Sample strings are names, which only FQDN slices take as addresses.
  EndpointSlice: { addressType: 'FQDN' },
  HorizontalPodAutoscaler: {
    'spec.metrics.type': 'Resource',
    ...Object.fromEntries(
      ['resource', 'containerResource', 'pods', 'object', 'external'].map((s) => [`spec.metrics.${s}.target.type`, 'AverageValue']),
    ),
    'spec.behavior.scaleUp.policies.type': 'Pods',
    'spec.behavior.scaleUp.selectPolicy': 'Max',
    'spec.behavior.scaleDown.policies.type': 'Percent',
    'spec.behavior.scaleDown.selectPolicy': 'Min',
  },
  NetworkPolicy: {
    'spec.policyTypes': ['Ingress', 'Egress'],
    ...Object.fromEntries(
      ['ingress.from', 'egress.to'].flatMap((p) => [
        [`spec.${p}.ipBlock.cidr`, '198.19.0.0/16'],
        [`spec.${p}.ipBlock.except`, ['198.19.1.0/24']],
      ]),
    ),
    ...Object.fromEntries(
      ['ingress', 'egress'].flatMap((r) => [
        [`spec.${r}.ports.protocol`, 'TCP'],
        [`spec.${r}.ports.endPort`, 81],
      ]),
    ),
  },
  IngressClass: { 'spec.controller': 'example.com/sample' },
  ResourceQuota: {
    'spec.scopes': ['NotTerminating'],
    'spec.scopeSelector.matchExpressions.scopeName': 'PriorityClass',
    'spec.scopeSelector.matchExpressions.operator': 'In',
  },
  APIService: {
    'spec.group': 'wardle.example.com',
    'spec.version': 'v1',
    'spec.groupPriorityMinimum': 1000,
    'spec.versionPriority': 15,
    'spec.service.namespace': 'default',
    'spec.service.name': 'sample',
  },
  Ingress: { 'spec.rules.http.paths.pathType': 'Prefix', 'spec.rules.http.paths.path': '/sample', 'spec.rules.host': 'sample.example.com' },
  CustomResourceDefinition: {
    'spec.group': 'stable.example.com',
    'spec.scope': 'Namespaced',
    'spec.names.plural': 'samples',
    'spec.names.kind': 'Sample',
    'spec.versions.name': 'v1',
    'spec.versions.storage': true,
    'spec.versions.schema.openAPIV3Schema.x-kubernetes-list-type': 'atomic',
    'spec.versions.schema.openAPIV3Schema.x-kubernetes-validations.reason': 'FieldValueForbidden',
    'spec.versions.served': true,
    'spec.versions.schema.openAPIV3Schema.type': 'object',
    'spec.versions.schema.openAPIV3Schema.items': { type: 'string' },
    'spec.versions.schema.openAPIV3Schema.additionalProperties': { type: 'string' },
    'spec.versions.subresources.scale.specReplicasPath': '.spec.replicas',
    'spec.versions.subresources.scale.statusReplicasPath': '.status.replicas',
    'spec.versions.subresources.scale.labelSelectorPath': '.status.selector',
    'spec.conversion.strategy': 'Webhook',
    'spec.conversion.webhook.conversionReviewVersions': ['v1'],
    'spec.conversion.webhook.clientConfig.url': 'https://sample.example.com/convert',
    'spec.conversion.webhook.clientConfig.service.path': '/convert',
    'spec.conversion.webhook.clientConfig.caBundle': Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString(
      'base64',
    ),
  },
  ValidatingWebhookConfiguration: WEBHOOK,
  MutatingWebhookConfiguration: { ...WEBHOOK, 'webhooks.reinvocationPolicy': 'IfNeeded' },
  StatefulSet: {
    'spec.template.spec.restartPolicy': 'Always',
    'spec.podManagementPolicy': 'Parallel',
    'spec.updateStrategy.type': 'RollingUpdate',
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted': 'Delete',
    'spec.persistentVolumeClaimRetentionPolicy.whenScaled': 'Delete',
    'spec.volumeClaimTemplates.spec.accessModes': ['ReadWriteOnce'],
  },
};

/** An autoscaler's metric names the one source it populates, whose target has a value. */
const METRIC_SOURCES: Record<string, string> = {
  resource: 'Resource',
  containerResource: 'ContainerResource',
  pods: 'Pods',
  object: 'Object',
  external: 'External',
};

/** A PersistentVolume has exactly one volume source, and a `local` one has node affinity. */
function meetVolumeRules(spec: Obj): void {
  if (!volumeSources(spec).length) spec.hostPath = { path: '/sample' };
  if (spec.local)
    spec.nodeAffinity ??= { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }] } };
}

type Obj = Record<string, any>;

/** An Ingress has rules or a default backend, and each backend one Service port or a resource. */
function meetIngressRules(spec: Obj): void {
  if (!spec.rules?.length && !spec.defaultBackend) spec.defaultBackend = {};
  for (const p of (spec.rules ?? []).flatMap((r: Obj) => r.http?.paths ?? [])) p.path ??= '/sample';
  const backends: Obj[] = [
    spec.defaultBackend,
    ...(spec.rules ?? []).flatMap((r: Obj) => (r.http?.paths ?? []).map((p: Obj) => p.backend)),
  ];
  for (const b of backends.filter(Boolean)) {
    if (!b.service && !b.resource) b.service = { name: 'sample' };
    if (b.service && !b.service.port) b.service.port = { number: 80 };
  }
}

/** A claim asks for some storage. */
function meetClaimRules(spec: Obj): void {
  spec.resources ??= {};
  spec.resources.requests = { storage: '1Gi', ...spec.resources.requests };
}

/** The cross-field rules of pod specs and workloads, met without touching the field under test. */
function meetKindRules(resource: ResourceStrategy, obj: Obj): void {
  const podSpec: Obj | undefined =
    obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec ?? (obj.spec?.containers ? obj.spec : undefined);
  if (podSpec) meetPodSpecRules(podSpec);
  if (obj.spec?.template) {
    obj.spec.selector ??= {};
    const selector = obj.spec.selector;
    if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)
      selector.matchLabels = { sample: 'sample' };
    const template = obj.spec.template;
    template.metadata ??= {};
    template.metadata.labels = { ...selector.matchLabels, ...template.metadata.labels };
  }
  // Selector requirements In and NotIn need values (PodDisruptionBudgets and NetworkPolicies check it).
  for (const req of selectorRequirements(obj.spec)) {
    if ((req.operator === 'In' || req.operator === 'NotIn') && !req.values?.length) req.values = ['sample'];
  }
  // A NetworkPolicy port's endPort needs a numeric port.
  for (const rule of [...(obj.spec?.ingress ?? []), ...(obj.spec?.egress ?? [])])
    for (const port of rule.ports ?? []) if (port.endPort !== undefined) port.port = 80;
  for (const metric of obj.spec?.metrics ?? []) meetMetricRules(metric);
  for (const [path, value] of Object.entries(PREFERRED[resource.kind] ?? {})) setIfAbsent(obj, path.split('.'), value);
  if (resource === persistentVolumes) meetVolumeRules(obj.spec);
  meetWebhookRules(obj.webhooks);
  if (resource === persistentVolumeClaims) meetClaimRules(obj.spec);
  if (resource === ingresses) {
    obj.spec ??= {};
    meetIngressRules(obj.spec);
  }
  // A class names its controller; the sample walk leaves spec out when testing metadata.
  if (resource === ingressClasses) obj.spec = { controller: 'example.com/sample', ...obj.spec };
  // A StatefulSet's claim templates are claims too.
  for (const claim of obj.spec?.volumeClaimTemplates ?? []) {
    claim.spec ??= {};
    claim.spec.accessModes ??= ['ReadWriteOnce'];
    meetClaimRules(claim.spec);
  }
}

/** Every label selector requirement anywhere below `node`. */
function selectorRequirements(node: unknown): Obj[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(selectorRequirements);
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'matchExpressions' && Array.isArray(value) ? (value as Obj[]) : selectorRequirements(value),
  );
}

function meetMetricRules(metric: Obj): void {
  const source = Object.keys(METRIC_SOURCES).find((key) => metric[key]);
  if (!source) {
    metric.resource = { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } };
    return;
  }
  metric.type = METRIC_SOURCES[source];
  const target = metric[source].target;
  const averaged = source === 'resource' || source === 'containerResource';
  if (averaged && target.averageUtilization === undefined) target.averageValue ??= '1';
  if (source === 'pods' || (!averaged && target.value === undefined)) target.averageValue ??= '1';
}

function setIfAbsent(obj: Obj, path: string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<Obj | undefined>((node, key) => node?.[key], obj);
  if (parent && parent[path.at(-1)!] === undefined) parent[path.at(-1)!] = value;
}

function meetPodSpecRules(spec: Obj): void {
  const lists: Obj[][] = [spec.initContainers ?? [], spec.containers ?? [], spec.ephemeralContainers ?? []];
  for (const c of lists.flat()) c.image ??= 'sample';
  const initNames = new Set((spec.initContainers ?? []).map((c: Obj) => c.name));
  for (const [i, c] of (spec.containers ?? []).entries()) if (initNames.has(c.name)) c.name = `main-${i}`;
  spec.volumes ??= [];
  const volumes: Obj[] = spec.volumes;
  for (const c of lists.flat()) {
    for (const m of c.volumeMounts ?? []) if (!volumes.some((v) => v.name === m.name)) volumes.push({ name: m.name, emptyDir: {} });
  }
  if (!volumes.length) delete spec.volumes;
}

/**
 * A CustomResourceDefinition is named <plural>.<group> and needs a schema on its version; each
 * sample gets a group of its own unless the group is the field under test.
 */
function meetDefinitionRules(obj: Obj, i: number, field: string): void {
  const spec = obj.spec;
  if (field !== 'spec.group') spec.group = `g${i}.example.com`;
  for (const v of spec.versions ?? []) {
    v.schema ??= {};
    v.schema.openAPIV3Schema ??= { type: 'object' };
    v.schema.openAPIV3Schema.type ??= 'object';
  }
  // A Webhook conversion needs a webhook to call (reached by URL unless the sample gives a Service).
  const conversion = spec.conversion;
  if (conversion?.strategy === 'Webhook') {
    conversion.webhook ??= { conversionReviewVersions: ['v1'] };
    conversion.webhook.clientConfig ??= {};
    const config = conversion.webhook.clientConfig;
    if (!config.url && !config.service) config.url = 'https://sample.example.com/convert';
    if (field.startsWith('spec.conversion.webhook.clientConfig.service')) delete config.url;
  }
  obj.metadata.name = `${spec.names.plural}.${spec.group}`;
}

function isServerOwned(sample: FieldSample): boolean {
  const path = dotted(sample.path);
  return SERVER_OWNED.some((owned) => path === owned || path.startsWith(`${owned}.`));
}

async function roundTrip(
  registry: ObjectRegistry,
  resource: ResourceStrategy,
  sample: FieldSample,
  i: number,
): Promise<string | undefined> {
  const preferred = PREFERRED[resource.kind] ?? {};
  const base = minimalObject(resource.definition, preferred);
  const object: Obj = withField(base, resource.definition, sample, preferred);
  object.metadata = { ...object.metadata, name: `s-${i}` };
  meetKindRules(resource, object);
  if (resource === customResourceDefinitions) meetDefinitionRules(object, i, dotted(sample.path));
  // An APIService (whose spec the schema leaves optional) needs one, and is named VERSION.GROUP.
  if (resource.kind === 'APIService') {
    object.spec ??= {};
    object.spec.service ??= {};
    for (const [path, value] of Object.entries(PREFERRED.APIService!)) setIfAbsent(object, path.split('.'), value);
    if (dotted(sample.path) !== 'spec.group') object.spec.group = `g${i}.example.com`;
    object.metadata.name = `${object.spec.version}.${object.spec.group}`;
  }
  const name: string = object.metadata.name;
  const namespace = resource.namespaced ? 'default' : undefined;
  const where = dotted(sample.path) || '(root)';
  try {
    let stored: ApiObject = (await registry.create(resource, namespace, object)).object;
    if (sample.path[0] === 'status' && resource.subresources.some((s) => s.name === 'status')) {
      const update = { ...object, metadata: { ...object.metadata, resourceVersion: stored.metadata.resourceVersion } };
      stored = (await registry.update(resource, namespace, name, update, { subresource: 'status' })).object;
    }
    const back = valueAt(await registry.get(resource, namespace, name), sample.path);
    if (JSON.stringify(back) !== JSON.stringify(sample.value))
      return `${where}: wrote ${JSON.stringify(sample.value)}, read ${JSON.stringify(back)}`;
    return undefined;
  } catch (err) {
    return `${where}: ${(err as Error).message}`;
  }
}

describe('every field of every served kind round-trips', () => {
  let registry: ObjectRegistry;

  beforeAll(async () => {
    registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  });

  it.each(RESOURCES.map((r) => [r.kind, r] as const))('%s', async (_kind, resource) => {
    const samples = fieldSamples(resource.definition, PREFERRED[resource.kind]).filter((s) => !isServerOwned(s));
    expect(samples.length).toBeGreaterThan(3);
    const failures: string[] = [];
    for (const [i, sample] of samples.entries()) {
      const failure = await roundTrip(registry, resource, sample, i);
      if (REFUSED.has(dotted(sample.path))) {
        if (!failure?.includes('Forbidden')) failures.push(`${dotted(sample.path)}: accepted, but Kubernetes refuses it`);
      } else if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('covers the fields real manifests were refused for', () => {
    const paths = new Set(fieldSamples('io.k8s.api.apps.v1.Deployment').map((s) => dotted(s.path)));
    for (const field of [
      'securityContext.seccompProfile.type',
      'topologySpreadConstraints.maxSkew',
      'affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.topologyKey',
      'containers.lifecycle.preStop.exec.command',
      'containers.startupProbe.grpc.port',
      'ephemeralContainers.name',
      'volumes.projected.sources.serviceAccountToken.path',
    ]) {
      expect(paths).toContain(`spec.template.spec.${field}`);
    }
  });
});
