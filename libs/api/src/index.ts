// Public API of @stevedore/api: the served kinds (one strategy each), their types and schemas
// from the Kubernetes OpenAPI definitions, validation, patches and Status errors.
export { cloneJson } from './clone-json';
export { ArraySchema, MapSchema, ObjectSchema, Schema, join } from './schema';
export type { Cause, ListStrategy } from './schema';
export { dns1035Label, dns1123Label, dns1123Subdomain, qualifiedName, labelValue, cIdentifier, envVarName } from './meta/names';
export { parseQuantity, milliCpu, bytes, quantityCheck } from './meta/quantity';
export { StatusError, statusError, invalid, notFound, alreadyExists, conflict, badRequest } from './meta/status';
export type { Status, StatusReason } from './meta/status';
export { ignoring, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, isStatusError } from './meta/errors';
export { validate, validateOrThrow } from './validate';
export type { FieldValidation, ValidationResult, ValidateOptions } from './validate';
export { allDefinitions, componentSchemas, definition, kindSchema, KUBERNETES_VERSION, reachableDefinitions, schemaOf } from './openapi';
export type { FieldPath, FieldSample, OpenApiSchema, Preferred } from './openapi';
export { dotted, fieldSamples, minimalObject, valueAt, withField } from './openapi';
export { apiVersionOf, defineResource, subresource, VERBS } from './strategy';
export type { DeleteStrategy, KubeObject, ResourceStrategy, Subresource, Verb } from './strategy';
export { findKind, findResource } from './find-resource';
export {
  RESOURCES, configMaps, daemonSets, defaultPodSpec, defaultPullPolicy, deployments, endpoints, events, jobs, leases, namespaces, nodes,
  podStatus, pods, replicaSets, secrets, services,
} from './kinds';
export { age, ageColumn, column, humanDuration, nameColumn, none, simplePrinter } from './printing';
export type { ColumnDefinition, Printer } from './printing';
export type * from './generated/kubernetes-types';
export { applyStrategicMergePatch } from './patch/strategic-merge-patch';
export { applyMergePatch } from './patch/json-merge-patch';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './patch/json-patch';
export type { JsonPatchOperation } from './patch/json-patch';
export { parseIp, formatIp, parseCidr, formatCidr, cidrContains } from './meta/cidr';
export type { Cidr } from './meta/cidr';
