import { Cause, Schema } from './schema';
import { invalid, StatusError, badRequest } from './meta/status';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ValidationResult {
  /** Problems with known fields (422 Invalid). */
  causes: Cause[];
  /** Paths of fields the schema does not know (strict decoding). */
  unknown: string[];
}

/** Structural validation of an object against its schema, plus the metadata rules every object shares. */
export function validate(schema: Schema<unknown>, obj: unknown): ValidationResult {
  const causes: Cause[] = [];
  schema.validate(obj, '', causes);
  const meta = (obj as { metadata?: { name?: string; generateName?: string } } | null)?.metadata;
  if (meta && !meta.name && !meta.generateName) {
    causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' });
  }
  const unknown: string[] = [];
  schema.unknownFields(obj, '', unknown);
  return { causes, unknown };
}

/**
 * Validates as the API server does: 422 for invalid values, and for unknown fields a 400
 * (Strict), a warning per field (Warn), or nothing (Ignore). Returns the warnings.
 */
export function validateOrThrow(schema: Schema<unknown>, obj: unknown, kind: string, mode: FieldValidation = 'Strict', group = ''): string[] {
  const { causes, unknown } = validate(schema, obj);
  if (unknown.length && mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`strict decoding error: ${list}`);
  }
  if (causes.length) {
    const name = (obj as { metadata?: { name?: string } }).metadata?.name ?? '';
    throw invalid(kind, name, causes, group);
  }
  return mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
}

export { StatusError };
