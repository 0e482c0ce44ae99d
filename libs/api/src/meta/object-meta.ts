import { t } from '../schema';
import { dns1123Subdomain, labelValue, qualifiedName } from './names';

export const ownerReferenceSchema = t.object({
  apiVersion: t.required(t.string()),
  kind: t.required(t.string()),
  name: t.required(t.string()),
  uid: t.required(t.string()),
  controller: t.boolean(),
  blockOwnerDeletion: t.boolean(),
});

/** metadata of every object. `name` is required unless `generateName` is given (checked by validators). */
export const objectMetaSchema = t.object({
  name: t.string().check(dns1123Subdomain),
  generateName: t.string(),
  namespace: t.string(),
  uid: t.string(),
  resourceVersion: t.string(),
  generation: t.int64(),
  creationTimestamp: t.string(),
  deletionTimestamp: t.string(),
  deletionGracePeriodSeconds: t.int64(),
  labels: t.map(t.string().check(labelValue), qualifiedName),
  annotations: t.map(t.string(), qualifiedName),
  ownerReferences: t.array(ownerReferenceSchema, { mergeKey: 'uid' }),
  finalizers: t.array(t.string(), { patchStrategy: 'merge' }),
  managedFields: t.array(t.any()),
  selfLink: t.string(),
});

export const labelSelectorSchema = t.object({
  matchLabels: t.map(t.string().check(labelValue), qualifiedName),
  matchExpressions: t.array(
    t.object({
      key: t.required(t.string().check(qualifiedName)),
      operator: t.required(t.enum(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const)),
      values: t.array(t.string()),
    }),
  ),
});

/** The fields every top-level object starts with. */
export const objectHeader = {
  apiVersion: t.string(),
  kind: t.string(),
  metadata: t.required(objectMetaSchema),
};
