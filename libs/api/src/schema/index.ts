export { ArraySchema, MapSchema, ObjectSchema, RequiredProperty } from './composites';
export type { ListStrategy, Property } from './composites';
export { AnySchema, base64, BooleanSchema, IntegerSchema, IntOrStringSchema, NumberSchema, QuantitySchema, StringSchema, timestamp } from './scalars';
export { Schema, join, isRecord } from './schema';
export type { Cause } from './schema';
