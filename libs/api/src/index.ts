// Public API of @stevedore/api: one schema source for API types, validation and OpenAPI.
export { t, Schema, ObjectSchema, ArraySchema, MapSchema, StringSchema, IntegerSchema, RequiredProperty, join } from './schema';
export type { Cause, Infer, ObjectType, ListStrategy } from './schema';
export { dns1123Label, dns1123Subdomain, qualifiedName, labelValue, cIdentifier, envVarName } from './meta/names';
export { parseQuantity, milliCpu, bytes, quantityCheck } from './meta/quantity';
export { objectMetaSchema, ownerReferenceSchema, labelSelectorSchema } from './meta/object-meta';
export { StatusError, statusError, invalid, notFound, alreadyExists, conflict, badRequest } from './meta/status';
export type { Status, StatusReason } from './meta/status';
export { validate, validateOrThrow } from './validate';
export type { FieldValidation, ValidationResult } from './validate';
export { containerSchema, envVarSchema, probeSchema, volumeMountSchema, containerPortSchema } from './core/container';
export { podSchema, podSpecSchema, podTemplateSpecSchema, volumeSchema, tolerationSchema, affinitySchema } from './core/pod';
export type { Pod, PodSpec, Container } from './core/pod';
export { namespaceSchema, configMapSchema, secretSchema } from './core/config';
export type { Namespace, ConfigMap, Secret } from './core/config';
