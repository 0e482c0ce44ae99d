// The PodSecurity decision for one pod or pod template in a namespace: refuse it (enforce), tell
// the client (warn), and note it for the audit log (audit), with Kubernetes' words.
import type { PodView, Violation } from './describe';
import { evaluatePod, violationsText } from './evaluate';
import { type LevelVersion, type NamespacePolicy, policyString, sameLevelVersion } from './policy';

export const AUDIT_VIOLATIONS_ANNOTATION = 'pod-security.kubernetes.io/audit-violations';
export const ENFORCE_POLICY_ANNOTATION = 'pod-security.kubernetes.io/enforce-policy';

export interface PodSecurityDecision {
  /** Set when enforce refuses: `violates PodSecurity "baseline:latest": …`. */
  forbidden?: string;
  /** For the response's Warning headers: `would violate PodSecurity "restricted:latest": …`. */
  warnings: string[];
  /** For the request's audit event, as kube-apiserver annotates it. */
  auditAnnotations: Record<string, string>;
}

/**
 * Pods are enforced; workload templates (`enforce: false`) only warn and audit, as Kubernetes
 * does, so a Deployment is accepted and its pods are refused when they are created.
 */
export function decide(policy: NamespacePolicy, pod: PodView, enforce: boolean): PodSecurityDecision {
  const results = new Map<string, Violation[]>();
  const evaluate = (lv: LevelVersion) => {
    const key = policyString(lv);
    if (!results.has(key)) results.set(key, evaluatePod(lv, pod));
    return results.get(key) ?? [];
  };
  const decision: PodSecurityDecision = { warnings: [], auditAnnotations: {} };
  if (enforce && policy.enforce.level !== 'privileged') {
    decision.auditAnnotations[ENFORCE_POLICY_ANNOTATION] = policyString(policy.enforce);
    const violations = evaluate(policy.enforce);
    if (violations.length) decision.forbidden = `violates PodSecurity "${policyString(policy.enforce)}": ${violationsText(violations)}`;
  }
  if (policy.audit.level !== 'privileged') {
    const violations = evaluate(policy.audit);
    if (violations.length) decision.auditAnnotations[AUDIT_VIOLATIONS_ANNOTATION] = wouldViolate(policy.audit, violations);
  }
  // A refusal already says what the same policy's warning would.
  const repeatsRefusal = decision.forbidden !== undefined && sameLevelVersion(policy.warn, policy.enforce);
  if (policy.warn.level !== 'privileged' && !repeatsRefusal) {
    const violations = evaluate(policy.warn);
    if (violations.length) decision.warnings.push(wouldViolate(policy.warn, violations));
  }
  return decision;
}

function wouldViolate(lv: LevelVersion, violations: readonly Violation[]): string {
  return `would violate PodSecurity "${policyString(lv)}": ${violationsText(violations)}`;
}

/** A pod already in a namespace, for the warnings about it when the namespace's enforce level changes. */
export interface ExistingPod extends PodView {
  name: string;
}

/**
 * What `kubectl label ns … pod-security.kubernetes.io/enforce=…` prints when pods there would
 * not be admitted any more: a heading, then one line per distinct set of reasons with the first
 * pod (by name) and how many others share it.
 */
export function existingPodWarnings(namespace: string, enforce: LevelVersion, pods: readonly ExistingPod[]): string[] {
  const byReasons = new Map<string, string[]>();
  for (const pod of [...pods].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const violations = evaluatePod(enforce, pod);
    if (!violations.length) continue;
    const reasons = violations.map((v) => v.reason).join(', ');
    byReasons.set(reasons, [...(byReasons.get(reasons) ?? []), pod.name]);
  }
  if (!byReasons.size) return [];
  const lines = [...byReasons].map(([reasons, names]) =>
    names.length === 1 ? `${names[0]}: ${reasons}` : `${names[0]} (and ${names.length - 1} other pods): ${reasons}`,
  );
  return [`existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${policyString(enforce)}"`, ...lines];
}
