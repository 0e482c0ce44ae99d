/**
 * A schema checks one API field's values, collecting Kubernetes-style causes with field paths,
 * and finds the fields it does not know (strict decoding). Schemas are compiled from the
 * Kubernetes OpenAPI definitions (see ../openapi), with the rules Kubernetes checks in code.
 */
export interface Cause {
  /** Kubernetes cause reason, e.g. FieldValueRequired, FieldValueInvalid. */
  reason:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueNotFound'
    | 'FieldValueForbidden'
    /** Server-side apply: another field manager owns the field and the apply changes its value. */
    | 'FieldManagerConflict'
    | 'FieldValueTypeInvalid';
  message: string;
  /** Dotted path with indexes, e.g. `spec.containers[0].image`. */
  field: string;
}

export abstract class Schema {
  /** Appends a cause for every problem in `value` (known to be present) found at `path`. */
  abstract validate(value: unknown, path: string, causes: Cause[]): void;
  /** Appends the paths of fields the schema does not know (strict decoding). */
  unknownFields(_value: unknown, _path: string, _out: string[]): void {}
  /**
   * The schema of the value's fields, for server-side apply's field sets and merges: itself,
   * unless it checks values another way (a custom kind's, compiled from its openAPIV3Schema).
   */
  structural(): Schema {
    return this;
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
