// Defaults applied on create/update, as the Kubernetes API server applies them, so clients
// (kubectl describe, rollout status, the agent) see the same fully specified objects.
import type { Container, PodSpec } from './core/pod';

type Obj = Record<string, any>;

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (digests included). */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'Always';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}

function defaultContainer(c: Container): void {
  const x = c as Obj;
  x.imagePullPolicy ??= defaultPullPolicy(c.image);
  x.terminationMessagePath ??= '/dev/termination-log';
  x.terminationMessagePolicy ??= 'File';
  x.resources ??= {};
  for (const port of c.ports ?? []) (port as Obj).protocol ??= 'TCP';
  for (const env of c.env ?? []) {
    const ref = (env as Obj).valueFrom?.fieldRef;
    if (ref) ref.apiVersion ??= 'v1';
  }
  defaultProbe(x.livenessProbe);
  defaultProbe(x.readinessProbe);
  defaultProbe(x.startupProbe);
}

export function defaultPodSpec(spec: PodSpec): void {
  const s = spec as Obj;
  s.restartPolicy ??= 'Always';
  s.terminationGracePeriodSeconds ??= 30;
  s.dnsPolicy ??= 'ClusterFirst';
  s.schedulerName ??= 'default-scheduler';
  s.securityContext ??= {};
  s.enableServiceLinks ??= true;
  s.serviceAccountName ??= s.serviceAccount ?? 'default';
  s.serviceAccount ??= s.serviceAccountName;
  s.priority ??= 0;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    const vol = v as Obj;
    if (vol.configMap) vol.configMap.defaultMode ??= 0o644;
    if (vol.secret) vol.secret.defaultMode ??= 0o644;
  }
}

function defaultTemplate(spec: Obj | undefined): void {
  if (spec?.template?.spec) defaultPodSpec(spec.template.spec);
}

const DEFAULTERS: Record<string, (obj: Obj) => void> = {
  Pod: (o) => o.spec && defaultPodSpec(o.spec),
  Namespace: (o) => {
    o.spec ??= {};
    o.spec.finalizers ??= ['kubernetes'];
    o.status ??= { phase: 'Active' };
  },
  Secret: (o) => (o.type ??= 'Opaque'),
  Service: (o) => {
    o.spec ??= {};
    o.spec.type ??= 'ClusterIP';
    o.spec.sessionAffinity ??= 'None';
    for (const p of o.spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
  },
  Deployment: (o) => {
    const s = o.spec ?? {};
    s.replicas ??= 1;
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    s.strategy ??= { type: 'RollingUpdate' };
    if (s.strategy.type === 'RollingUpdate') s.strategy.rollingUpdate ??= {};
    if (s.strategy.rollingUpdate) {
      s.strategy.rollingUpdate.maxSurge ??= '25%';
      s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
    defaultTemplate(s);
  },
  ReplicaSet: (o) => {
    if (o.spec) o.spec.replicas ??= 1;
    defaultTemplate(o.spec);
  },
  DaemonSet: (o) => {
    const s = o.spec ?? {};
    s.revisionHistoryLimit ??= 10;
    s.updateStrategy ??= { type: 'RollingUpdate' };
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      s.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    defaultTemplate(s);
  },
  Job: (o) => {
    const s = o.spec ?? {};
    s.parallelism ??= 1;
    s.completions ??= 1;
    s.backoffLimit ??= 6;
    s.completionMode ??= 'NonIndexed';
    s.suspend ??= false;
    defaultTemplate(s);
  },
};

/** Fills in the defaults of an object of the given kind, in place. Unknown kinds are left alone. */
export function applyDefaults(kind: string, obj: Obj): void {
  DEFAULTERS[kind]?.(obj);
}
