export { defineResource, subresource } from './define-resource';
export type { Conversion, DeleteStrategy, KubeObject, ResourceStrategy, ScalePaths, Subresource, Verb } from './resource-strategy';
export { apiVersionOf, VERBS } from './resource-strategy';
