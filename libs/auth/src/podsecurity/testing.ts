// Pods for the checks' specs: a one-container pod and ways to adjust it.
import type { Container, PodSpec } from '@stevedore/api';
import type { PodView } from './describe';

export function pod(spec: Partial<PodSpec> = {}, annotations?: Record<string, string>): PodView {
  return { metadata: annotations ? { annotations } : {}, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } };
}

export function containers(...list: Partial<Container>[]): Container[] {
  return list.map((c, i) => ({ name: `c${i}`, image: 'busybox', ...c }));
}

/** A pod that meets the restricted level, to break one rule at a time. */
export function restrictedPod(spec: Partial<PodSpec> = {}): PodView {
  return pod({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'c', image: 'busybox', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    ...spec,
  });
}
