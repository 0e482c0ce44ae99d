export { applyConfiguration } from './apply';
export { printPath } from './field-path';
export { type FieldSet, fieldSetOf, fromFieldsV1, toFieldsV1 } from './field-set';
export { managerFromUserAgent } from './manager-name';
export type { FieldManagerContext, ManagedFieldsEntry } from './owners';
export { updateManagedFields } from './update';
