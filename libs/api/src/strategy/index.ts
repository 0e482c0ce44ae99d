export { defineResource, subresource } from './define-resource';
export { localConversion } from './local-conversion';
export type { Conversion, DeleteStrategy, KubeObject, ResourceStrategy, ScalePaths, Subresource, Verb } from './resource-strategy';
export { apiVersionOf, VERBS } from './resource-strategy';
