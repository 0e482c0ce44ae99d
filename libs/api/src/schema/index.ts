import { ArraySchema, ListStrategy, MapSchema, ObjectSchema, RequiredProperty } from './composites';
import { AnySchema, BooleanSchema, IntegerSchema, IntOrStringSchema, StringSchema } from './scalars';
import { Schema } from './schema';

/** Schema constructors, used as `t.object({ name: t.required(t.string()) })`. */
export const t = {
  string: () => new StringSchema(),
  enum: <T extends string>(values: readonly T[]) => new StringSchema<T>([], values),
  integer: (min?: number, max?: number) => new IntegerSchema(min, max),
  int64: (min?: number) => new IntegerSchema(min, undefined, 'int64'),
  boolean: () => new BooleanSchema(),
  intOrString: () => new IntOrStringSchema(),
  any: () => new AnySchema(),
  object: <P extends Record<string, Schema<unknown> | RequiredProperty<Schema<unknown>>>>(shape: P) => new ObjectSchema(shape),
  array: <S extends Schema<unknown>>(item: S, strategy?: ListStrategy) => new ArraySchema(item, strategy),
  map: <S extends Schema<unknown>>(value: S, keyCheck?: (key: string) => string | undefined) => new MapSchema(value, keyCheck),
  required: <S extends Schema<unknown>>(schema: S) => new RequiredProperty(schema),
};

export { ArraySchema, MapSchema, ObjectSchema, RequiredProperty, StringSchema, IntegerSchema };
export type { ObjectType, ListStrategy } from './composites';
export { Schema, join } from './schema';
export type { Cause, Infer } from './schema';
