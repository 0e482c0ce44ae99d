import { t } from '../schema';
import { cIdentifier, dns1123Label, envVarName } from '../meta/names';
import { quantityCheck } from '../meta/quantity';

const port = t.integer(1, 65535);
const quantity = t.string().check(quantityCheck);

const keySelector = t.object({ name: t.string(), key: t.required(t.string()), optional: t.boolean() });

export const envVarSchema = t.object({
  name: t.required(t.string().check(envVarName)),
  value: t.string(),
  valueFrom: t.object({
    configMapKeyRef: keySelector,
    secretKeyRef: keySelector,
    fieldRef: t.object({ apiVersion: t.string(), fieldPath: t.required(t.string()) }),
    resourceFieldRef: t.object({ containerName: t.string(), resource: t.required(t.string()), divisor: quantity }),
  }),
});

export const envFromSchema = t.object({
  prefix: t.string().check(cIdentifier),
  configMapRef: t.object({ name: t.string(), optional: t.boolean() }),
  secretRef: t.object({ name: t.string(), optional: t.boolean() }),
});

export const containerPortSchema = t.object({
  name: t.string().check((v) => (v.length > 15 ? 'must be no more than 15 characters' : dns1123Label(v))),
  containerPort: t.required(port),
  hostPort: port,
  hostIP: t.string(),
  protocol: t.enum(['TCP', 'UDP', 'SCTP'] as const),
});

export const resourceRequirementsSchema = t.object({
  limits: t.map(quantity),
  requests: t.map(quantity),
});

const handler = {
  exec: t.object({ command: t.array(t.string()) }),
  httpGet: t.object({
    path: t.string(), port: t.required(t.intOrString()), host: t.string(),
    scheme: t.enum(['HTTP', 'HTTPS'] as const),
    httpHeaders: t.array(t.object({ name: t.required(t.string()), value: t.required(t.string()) })),
  }),
  tcpSocket: t.object({ port: t.required(t.intOrString()), host: t.string() }),
};

export const probeSchema = t.object({
  ...handler,
  initialDelaySeconds: t.integer(0),
  timeoutSeconds: t.integer(1),
  periodSeconds: t.integer(1),
  successThreshold: t.integer(1),
  failureThreshold: t.integer(1),
  terminationGracePeriodSeconds: t.int64(1),
});

export const lifecycleSchema = t.object({ postStart: t.object(handler), preStop: t.object(handler) });

export const volumeMountSchema = t.object({
  name: t.required(t.string()),
  mountPath: t.required(t.string().check((v) => (v.split('/').includes('..') ? "must not contain '..'" : undefined))),
  subPath: t.string().check((v) => (v.startsWith('/') || v.split('/').includes('..') ? "must be a relative path without '..'" : undefined)),
  readOnly: t.boolean(),
});

export const securityContextSchema = t.object({
  runAsUser: t.int64(0),
  runAsGroup: t.int64(0),
  runAsNonRoot: t.boolean(),
  privileged: t.boolean(),
  readOnlyRootFilesystem: t.boolean(),
  allowPrivilegeEscalation: t.boolean(),
  capabilities: t.object({ add: t.array(t.string()), drop: t.array(t.string()) }),
});

export const containerSchema = t.object({
  name: t.required(t.string().check(dns1123Label)),
  image: t.string(),
  command: t.array(t.string()),
  args: t.array(t.string()),
  workingDir: t.string(),
  ports: t.array(containerPortSchema, { mergeKey: 'containerPort' }),
  env: t.array(envVarSchema, { mergeKey: 'name' }),
  envFrom: t.array(envFromSchema),
  resources: resourceRequirementsSchema,
  volumeMounts: t.array(volumeMountSchema, { mergeKey: 'mountPath' }),
  livenessProbe: probeSchema,
  readinessProbe: probeSchema,
  startupProbe: probeSchema,
  lifecycle: lifecycleSchema,
  terminationMessagePath: t.string(),
  terminationMessagePolicy: t.enum(['File', 'FallbackToLogsOnError'] as const),
  imagePullPolicy: t.enum(['Always', 'IfNotPresent', 'Never'] as const),
  securityContext: securityContextSchema,
  stdin: t.boolean(),
  stdinOnce: t.boolean(),
  tty: t.boolean(),
});
