// Kubernetes' PodSecurity admission plugin as a validating registry step: pods are checked
// against their namespace's enforce, warn and audit levels; workload templates against warn and
// audit only; and a namespace's labels are checked when they change. The checks themselves are
// pure functions in @stevedore/auth.
import { invalid, type Namespace, type Pod, statusError } from '@stevedore/api';
import {
  decidePodSecurity,
  type ExistingPod,
  existingPodWarnings,
  type PodSecurityDecision,
  type PodView,
  podSecurityPolicyOf,
  podTemplateOf,
} from '@stevedore/auth';
import type { ApiObject } from '../objects/api-object';
import type { Admission, AdmissionWarnings } from './admission';

export interface PodSecuritySources {
  /** The namespace (a recent copy will do), undefined if it does not exist. */
  namespace(name: string): Promise<Namespace | undefined>;
  /** The pods in a namespace, to warn about when its enforce level tightens. */
  pods(namespace: string): Promise<Pod[]>;
  /**
   * Receives the audit annotations of each decision (`pod-security.kubernetes.io/audit-violations`,
   * `…/enforce-policy`), for an audit log to record on the request's event.
   */
  audit?(object: ApiObject, annotations: Record<string, string>): void;
}

export function podSecurityAdmission(sources: PodSecuritySources): Admission {
  const check = async (kind: string, object: ApiObject, old?: ApiObject): Promise<AdmissionWarnings> => {
    if (kind === 'Namespace') return checkNamespace(object as Namespace, old as Namespace | undefined, sources);
    const pod = kind === 'Pod';
    const view = pod ? (object as Pod) : podTemplateOf(kind, object);
    if (!view) return undefined;
    if (old && !significantChange(pod ? (old as Pod) : podTemplateOf(kind, old), view)) return undefined;
    const ns = await sources.namespace(object.metadata.namespace ?? '');
    if (!ns) return undefined;
    const { policy } = podSecurityPolicyOf(ns.metadata.labels);
    const decision = decidePodSecurity(policy, view, pod);
    return applyDecision(object, decision, sources);
  };
  return {
    create: (object, _options, resource) => check(resource.kind, object),
    update: (current, next, _options, resource) => check(resource.kind, next, current),
  };
}

function applyDecision(object: ApiObject, decision: PodSecurityDecision, sources: PodSecuritySources): string[] {
  if (Object.keys(decision.auditAnnotations).length) sources.audit?.(object, decision.auditAnnotations);
  if (decision.forbidden) {
    const { name } = object.metadata;
    throw statusError(403, 'Forbidden', `pods "${name}" is forbidden: ${decision.forbidden}`, { name, kind: 'pods' });
  }
  return decision.warnings;
}

/** Annotations the checks read (AppArmor's, and seccomp's of old): a change to them is judged again. */
const SECURITY_ANNOTATIONS = ['container.apparmor.security.beta.kubernetes.io/', 'seccomp.security.alpha.kubernetes.io/'];

/**
 * Whether an update can change the verdict: a change of the spec (an image too, as Kubernetes
 * judges a new image again) or of a security annotation. Label, owner and finalizer writes are
 * not judged again, so a pod admitted earlier can still be managed after its namespace tightened.
 */
function significantChange(old: PodView | undefined, next: PodView): boolean {
  if (!old) return true;
  const judged = (view: PodView) =>
    JSON.stringify({
      spec: view.spec,
      annotations: Object.entries(view.metadata?.annotations ?? {}).filter(([k]) => SECURITY_ANNOTATIONS.some((p) => k.startsWith(p))),
    });
  return judged(old) !== judged(next);
}

/** Refuses unparseable labels (when they change), and warns about existing pods a tighter enforce level would refuse. */
async function checkNamespace(ns: Namespace, old: Namespace | undefined, sources: PodSecuritySources): Promise<string[]> {
  const next = podSecurityPolicyOf(ns.metadata.labels);
  const before = old && podSecurityPolicyOf(old.metadata.labels);
  if (before && JSON.stringify(before) === JSON.stringify(next)) return [];
  if (next.errors.length) {
    const causes = next.errors.map((e) => ({
      field: `metadata.labels[${e.label}]`,
      reason: 'FieldValueInvalid' as const,
      message: `Invalid value: ${JSON.stringify(e.value)}: ${e.message}`,
    }));
    throw invalid('Namespace', ns.metadata.name ?? '', causes);
  }
  const enforce = next.policy.enforce;
  if (!before || enforce.level === 'privileged') return [];
  if (enforce.level === before.policy.enforce.level && enforce.minor === before.policy.enforce.minor) return [];
  const name = ns.metadata.name ?? '';
  const pods: ExistingPod[] = (await sources.pods(name)).map((p) => ({ ...p, name: p.metadata.name ?? '' }));
  return existingPodWarnings(name, enforce, pods);
}
