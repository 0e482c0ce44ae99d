// A Job's podFailurePolicy: for each failed pod the first matching rule decides whether the
// failure fails the Job at once (FailJob), is not counted against backoffLimit (Ignore) or is
// counted as usual (Count, also when no rule matches). Rules match a container's non-zero exit
// code (In or NotIn a set, optionally for one container) or a condition of the pod.
import type { ContainerStatus, Job, Pod, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyRule } from '@stevedore/api';

export type FailureVerdict = { action: 'FailJob'; message: string } | { action: 'Ignore' } | { action: 'Count' };

/** The first terminated container whose non-zero exit code meets the requirement. */
function matchingContainer(pod: Pod, requirement: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (requirement.containerName !== undefined && requirement.containerName !== s.name) return false;
    return requirement.values.includes(code) === (requirement.operator === 'In');
  });
}

/** Why the rule matches the pod, as Kubernetes words it, or undefined. */
function match(rule: PodFailurePolicyRule, index: number, pod: Pod): string | undefined {
  const { namespace, name } = pod.metadata;
  const suffix = `matching ${rule.action} rule at index ${index}`;
  if (rule.onExitCodes) {
    const container = matchingContainer(pod, rule.onExitCodes);
    if (!container) return undefined;
    return `Container ${container.name} for pod ${namespace}/${name} failed with exit code ${container.state!.terminated!.exitCode} ${suffix}`;
  }
  const conditions = pod.status?.conditions ?? [];
  const found = (rule.onPodConditions ?? []).find((p) => conditions.some((c) => c.type === p.type && c.status === (p.status ?? 'True')));
  return found ? `Pod ${namespace}/${name} has condition ${found.type} ${suffix}` : undefined;
}

/** What a failed pod means for its Job. */
export function judgeFailure(job: Job, pod: Pod): FailureVerdict {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    const message = match(rule, index, pod);
    if (message === undefined) continue;
    if (rule.action === 'FailJob') return { action: 'FailJob', message };
    if (rule.action === 'Ignore') return { action: 'Ignore' };
    return { action: 'Count' };
  }
  return { action: 'Count' };
}
