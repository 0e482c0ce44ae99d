import { dynamicResources } from './dynamic/dynamic-resources';
import { CONVERTED_VERSIONS, RESOURCES } from './kinds';
import { apiVersionOf, type ResourceStrategy } from './strategy';

/** Kinds stored under their own version: the built-in ones, then those defined at run time. */
function storedResources(): readonly ResourceStrategy[] {
  return [...RESOURCES, ...dynamicResources.all().filter((r) => !r.conversion)];
}

/** The served resource with this group and plural (URL form). */
export function findResource(group: string, plural: string): ResourceStrategy | undefined {
  return storedResources().find((r) => r.group === group && r.plural === plural);
}

/** The served resource with this apiVersion and kind (object form). */
export function findKind(apiVersion: string, kind: string): ResourceStrategy | undefined {
  return [...RESOURCES, ...dynamicResources.all()].find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** Every served group version's resources: the stored versions, then those served by conversion. */
export function servedResources(): readonly ResourceStrategy[] {
  return [...RESOURCES, ...CONVERTED_VERSIONS, ...dynamicResources.all()];
}

/** The resource a REST path names: group, version and plural. */
export function findServed(group: string, version: string, plural: string): ResourceStrategy | undefined {
  return servedResources().find((r) => r.group === group && r.version === version && r.plural === plural);
}
