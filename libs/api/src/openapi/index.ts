export { inlineSchema, kindSchema, schemaOf } from './compile-schema';
export type { OpenApiSchema } from './definitions';
export { allDefinitions, definition, KUBERNETES_VERSION } from './definitions';
export type { FieldPath, FieldSample, Preferred } from './field-samples';
export { dotted, fieldSamples, minimalObject, valueAt, withField } from './field-samples';
export { componentSchemas, reachableDefinitions } from './openapi-v3';
