// Kubernetes' order of API versions (kube-aware): the one discovery prefers comes first.

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kubernetes' version order: GA before beta before alpha, then higher numbers first; others last, by name. */
function rank(name: string): [number, number, number] | undefined {
  const m = KUBE_VERSION.exec(name);
  if (!m) return undefined;
  const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stability, Number(m[1]), Number(m[3] ?? 0)];
}

/** Negative when `a` sorts before `b` in Kubernetes' priority order (v1 before v1beta1 before v1alpha1 before foo). */
export function compareKubeVersions(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
  return 0;
}
