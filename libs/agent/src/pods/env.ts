// A container's environment as Kubernetes builds it: envFrom first, then env (later wins),
// values from ConfigMaps, Secrets and the pod's own fields, and $(VAR) references expanded.
import type { Obj } from './pod-status';

/** Missing configuration: the container cannot be created (CreateContainerConfigError). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The API objects a pod's setup reads, as the control plane lets this node read them. */
export interface ConfigSource {
  configMap(namespace: string, name: string): Promise<Obj | undefined>;
  secret(namespace: string, name: string): Promise<Obj | undefined>;
  claim(namespace: string, name: string): Promise<Obj | undefined>;
  volume(name: string): Promise<Obj | undefined>;
  /** A token for the pod's ServiceAccount, bound to the pod (audience "" is the API's own). */
  serviceAccountToken(pod: Obj, audience: string, expirationSeconds: number): Promise<{ token: string; expirationTimestamp: string }>;
}

export interface PodFields {
  podIP?: string;
  hostIP: string;
  nodeName: string;
}

function secretData(secret: Obj): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) data[k] = Buffer.from(String(v), 'base64').toString('utf8');
  return { ...data, ...(secret.stringData ?? {}) };
}

async function source(
  kind: 'ConfigMap' | 'Secret',
  namespace: string,
  name: string,
  optional: boolean,
  config: ConfigSource,
): Promise<Record<string, string> | undefined> {
  const object = kind === 'ConfigMap' ? await config.configMap(namespace, name) : await config.secret(namespace, name);
  if (!object) {
    if (optional) return undefined;
    throw new ConfigError(`${kind.toLowerCase() === 'configmap' ? 'configmap' : 'secret'} "${name}" not found`);
  }
  return kind === 'ConfigMap' ? { ...(object.data ?? {}) } : secretData(object);
}

function fieldRef(pod: Obj, path: string, fields: PodFields): string {
  const known: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': fields.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': fields.podIP,
    'status.hostIP': fields.hostIP,
  };
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return pod.metadata.labels?.[label[1]!] ?? '';
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (annotation) return pod.metadata.annotations?.[annotation[1]!] ?? '';
  if (!(path in known)) throw new ConfigError(`unsupported fieldRef "${path}"`);
  return known[path] ?? '';
}

async function valueFrom(pod: Obj, ref: Obj, config: ConfigSource, fields: PodFields): Promise<string | undefined> {
  if (ref.fieldRef) return fieldRef(pod, ref.fieldRef.fieldPath, fields);
  const keyRef = ref.configMapKeyRef ?? ref.secretKeyRef;
  if (!keyRef) return '';
  const kind = ref.configMapKeyRef ? 'ConfigMap' : 'Secret';
  const data = await source(kind, pod.metadata.namespace, keyRef.name, !!keyRef.optional, config);
  if (!data) return undefined;
  if (!(keyRef.key in data)) {
    if (keyRef.optional) return undefined;
    throw new ConfigError(`couldn't find key ${keyRef.key} in ${kind} ${pod.metadata.namespace}/${keyRef.name}`);
  }
  return data[keyRef.key];
}

/** Expands $(NAME) from the variables defined so far; $$ escapes; unknown references stay as written. */
export function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (match === '$$') return '$';
    return vars.has(name!) ? vars.get(name!)! : match;
  });
}

/** `serviceVars` come first (Service links), so envFrom and env may override and refer to them. */
export async function containerEnv(
  pod: Obj,
  container: Obj,
  config: ConfigSource,
  fields: PodFields,
  serviceVars = new Map<string, string>(),
): Promise<Map<string, string>> {
  const vars = new Map(serviceVars);
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const ref = from.configMapRef ?? from.secretRef;
    const data = await source(kind, pod.metadata.namespace, ref.name, !!ref.optional, config);
    for (const [k, v] of Object.entries(data ?? {})) vars.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of container.env ?? []) {
    const value = e.valueFrom ? await valueFrom(pod, e.valueFrom, config, fields) : expand(e.value ?? '', vars);
    if (value !== undefined) vars.set(e.name, value);
  }
  return vars;
}
