// The warning a request to a deprecated version of a custom kind gets (kubectl prints it as
// `Warning: ...`): the definition's deprecationWarning, or upstream's default text, which names
// the newest served version that is not deprecated, if there is one.
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../generated/kubernetes-types';
import { compareKubeVersions } from '../../meta/version-priority';

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
