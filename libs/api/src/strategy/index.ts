export { defineResource, subresource } from './define-resource';
export type { DeleteStrategy, KubeObject, ResourceStrategy, Subresource, Verb } from './resource-strategy';
export { apiVersionOf, VERBS } from './resource-strategy';
