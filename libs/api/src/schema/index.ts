export type { ListStrategy, Property } from './composites';
export { ArraySchema, MapSchema, ObjectSchema, RequiredProperty } from './composites';
export {
  AnySchema,
  BooleanSchema,
  base64,
  IntegerSchema,
  IntOrStringSchema,
  NumberSchema,
  QuantitySchema,
  StringSchema,
  timestamp,
} from './scalars';
export type { Cause } from './schema';
export { isRecord, join, Schema } from './schema';
