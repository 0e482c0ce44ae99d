import { badRequest, invalid, StatusError } from './meta/status';
import type { Cause, Schema } from './schema';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ValidationResult {
  /** Problems with known fields (422 Invalid). */
  causes: Cause[];
  /** Paths of fields the schema does not know (strict decoding). */
  unknown: string[];
}

/** Structural validation of an object against its schema, plus the metadata rules every object shares. */
export function validate(schema: Schema, obj: unknown, nameProblem?: (name: string) => string | undefined): ValidationResult {
  const causes: Cause[] = [];
  schema.validate(obj, '', causes);
  const meta = (obj as { metadata?: { name?: string; generateName?: string } } | null)?.metadata;
  if (meta && !meta.name && !meta.generateName) {
    causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' });
  }
  const problem = typeof meta?.name === 'string' && meta.name ? nameProblem?.(meta.name) : undefined;
  if (problem) causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${meta!.name}": ${problem}` });
  const unknown: string[] = [];
  schema.unknownFields(obj, '', unknown);
  return { causes, unknown };
}

export interface ValidateOptions {
  kind: string;
  group?: string;
  mode?: FieldValidation;
  nameProblem?: (name: string) => string | undefined;
}

/**
 * Validates as the API server does: 422 for invalid values, and for unknown fields a 400
 * (Strict), a warning per field (Warn), or nothing (Ignore). Returns the warnings.
 */
export function validateOrThrow(schema: Schema, obj: unknown, options: ValidateOptions): string[] {
  const { causes, unknown } = validate(schema, obj, options.nameProblem);
  const mode = options.mode ?? 'Strict';
  if (unknown.length && mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(`strict decoding error: ${list}`);
  }
  if (causes.length) {
    const name = (obj as { metadata?: { name?: string } }).metadata?.name ?? '';
    throw invalid(options.kind, name, causes, options.group);
  }
  return mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
}

export { StatusError };
