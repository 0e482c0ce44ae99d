export { apiVersionOf, VERBS } from './resource-strategy';
export type { DeleteStrategy, KubeObject, ResourceStrategy, Subresource, Verb } from './resource-strategy';
export { defineResource, subresource } from './define-resource';
