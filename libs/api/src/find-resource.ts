import { RESOURCES } from './kinds';
import { apiVersionOf, type ResourceStrategy } from './strategy';

/** The served resource with this group and plural (URL form). */
export function findResource(group: string, plural: string): ResourceStrategy | undefined {
  return RESOURCES.find((r) => r.group === group && r.plural === plural);
}

/** The served resource with this apiVersion and kind (object form). */
export function findKind(apiVersion: string, kind: string): ResourceStrategy | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}
