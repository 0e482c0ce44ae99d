import { parseQuantity, quantityCheck } from '../meta/quantity';
import { type Cause, Schema, typeName } from './schema';

type Check = (value: string) => string | undefined;

/** A string, optionally limited to some values and constrained by format checks (each returns a message or undefined). */
export class StringSchema extends Schema {
  constructor(
    private readonly checks: readonly Check[] = [],
    private readonly allowed?: readonly string[],
  ) {
    super();
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'string') {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be a string` });
      return;
    }
    if (this.allowed && !this.allowed.includes(value)) {
      const list = this.allowed.map((a) => `"${a}"`).join(', ');
      causes.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: "${value}": supported values: ${list}` });
      return;
    }
    for (const check of this.checks) {
      const problem = check(value);
      if (problem) causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: "${value}": ${problem}` });
    }
  }
}

export const base64: Check = (v) => (/^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0 ? undefined : 'must be base64-encoded');
export const timestamp: Check = (v) => (Number.isNaN(Date.parse(v)) ? 'must be an RFC 3339 date-time' : undefined);

const INT32: { min?: number; max?: number } = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** An integer within [min, max]; int32 fields are kept within 32 bits, as Go's decoder keeps them. */
export class IntegerSchema extends Schema {
  private readonly min?: number;
  private readonly max?: number;

  constructor(range: { min?: number; max?: number } = {}, format: 'int32' | 'int64' = 'int64') {
    super();
    const bounds = format === 'int32' ? INT32 : {};
    this.min = range.min ?? bounds.min;
    this.max = range.max ?? bounds.max;
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be an integer` });
    } else if (this.min !== undefined && value < this.min) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: path,
        message: `Invalid value: ${value}: must be greater than or equal to ${this.min}`,
      });
    } else if (this.max !== undefined && value > this.max) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: path,
        message: `Invalid value: ${value}: must be less than or equal to ${this.max}`,
      });
    }
  }
}

export class NumberSchema extends Schema {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be a number` });
    }
  }
}

export class BooleanSchema extends Schema {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'boolean') {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be a boolean` });
    }
  }
}

/** Kubernetes int-or-string (e.g. container port names, maxSurge "25%"). */
export class IntOrStringSchema extends Schema {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: path,
        message: `Invalid value: ${JSON.stringify(value)}: must be an integer or a string`,
      });
    }
  }
}

/** A resource quantity: a string such as "500m" or "64Mi", or a plain number (YAML `cpu: 1`), as Kubernetes decodes it. */
export class QuantitySchema extends Schema {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || parseQuantity(value) === undefined) {
      const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
      causes.push({
        reason: 'FieldValueInvalid',
        field: path,
        message: `Invalid value: ${shown}: ${quantityCheck(String(value)) ?? 'must be a quantity'}`,
      });
    }
  }
}

/** Free-form JSON kept as it is (RawExtension, FieldsV1, fields marked x-kubernetes-preserve-unknown-fields). */
export class AnySchema extends Schema {
  validate(): void {}
}
