export { allDefinitions, definition, KUBERNETES_VERSION } from './definitions';
export type { OpenApiSchema } from './definitions';
export { kindSchema, schemaOf } from './compile-schema';
export { componentSchemas, reachableDefinitions } from './openapi-v3';
export { dotted, fieldSamples, minimalObject, minimalValue, valueAt, withField } from './field-samples';
export type { FieldPath, FieldSample, Preferred } from './field-samples';
