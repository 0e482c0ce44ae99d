// The warning a request to a deprecated version of a custom kind gets (kubectl prints it as
// `Warning: ...`): the definition's deprecationWarning, or upstream's default text, which names
// the newest served version that is not deprecated, if there is one.
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../generated/kubernetes-types';

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

export function deprecationWarningOf(crd: CustomResourceDefinition, v: CustomResourceDefinitionVersion): string | undefined {
  if (!v.deprecated) return undefined;
  if (v.deprecationWarning !== undefined && v.deprecationWarning !== null) return v.deprecationWarning;
  const { group, names } = crd.spec;
  const text = `${group}/${v.name} ${names.kind} is deprecated`;
  const newer = crd.spec.versions
    .filter((o) => o.served && !o.deprecated && compareKubeVersions(o.name, v.name) < 0)
    .sort((a, b) => compareKubeVersions(a.name, b.name))[0];
  return newer ? `${text}; use ${group}/${newer.name} ${names.kind}` : text;
}
