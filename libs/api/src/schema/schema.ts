/**
 * A schema is the one source of truth for an API field: it validates values (collecting
 * Kubernetes-style causes with field paths), finds unknown fields for strict decoding,
 * and renders itself as an OpenAPI v3 schema. TypeScript types are inferred from it with
 * `Infer<typeof schema>`, so types, validation and OpenAPI cannot drift apart.
 */
export interface Cause {
  /** Kubernetes cause reason, e.g. FieldValueRequired, FieldValueInvalid. */
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueNotFound' | 'FieldValueForbidden';
  message: string;
  /** Dotted path with indexes, e.g. `spec.containers[0].image`. */
  field: string;
}

export abstract class Schema<T> {
  /** Phantom field carrying the inferred TypeScript type. */
  declare readonly _type: T;
  description?: string;

  /** Appends a cause for every problem in `value` (known to be present) found at `path`. */
  abstract validate(value: unknown, path: string, causes: Cause[]): void;
  /** Appends the paths of fields the schema does not know (strict decoding). */
  unknownFields(_value: unknown, _path: string, _out: string[]): void {}
  abstract openapi(): Record<string, unknown>;

  describe(text: string): this {
    this.description = text;
    return this;
  }

  protected withDescription(schema: Record<string, unknown>): Record<string, unknown> {
    return this.description ? { description: this.description, ...schema } : schema;
  }
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
