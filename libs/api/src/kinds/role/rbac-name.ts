// RBAC objects may have any name that is a valid path segment (so `system:basic-user` is fine),
// as Kubernetes' ValidateRBACName allows.
export function pathSegmentNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  for (const bad of ['/', '%']) if (name.includes(bad)) return `may not contain '${bad}'`;
  return undefined;
}
