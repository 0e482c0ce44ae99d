import { Cause, Schema, typeName } from './schema';

type Check<T> = (value: T) => string | undefined;

/** A string, optionally constrained by format checks (each returns an error message or undefined). */
export class StringSchema<T extends string = string> extends Schema<T> {
  constructor(private readonly checks: Check<string>[] = [], private readonly allowed?: readonly T[]) {
    super();
  }

  check(fn: Check<string>): StringSchema<T> {
    return new StringSchema<T>([...this.checks, fn], this.allowed);
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'string') {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be a string` });
      return;
    }
    if (this.allowed && !this.allowed.includes(value as T)) {
      const list = this.allowed.map((a) => `"${a}"`).join(', ');
      causes.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: "${value}": supported values: ${list}` });
      return;
    }
    for (const check of this.checks) {
      const problem = check(value);
      if (problem) causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: "${value}": ${problem}` });
    }
  }

  openapi(): Record<string, unknown> {
    return this.withDescription(this.allowed ? { type: 'string', enum: [...this.allowed] } : { type: 'string' });
  }
}

export class IntegerSchema extends Schema<number> {
  constructor(private readonly min?: number, private readonly max?: number, private readonly format: 'int32' | 'int64' = 'int32') {
    super();
  }

  range(min?: number, max?: number): IntegerSchema {
    return new IntegerSchema(min, max, this.format);
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be an integer` });
    } else if (this.min !== undefined && value < this.min) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: must be greater than or equal to ${this.min}` });
    } else if (this.max !== undefined && value > this.max) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: must be less than or equal to ${this.max}` });
    }
  }

  openapi(): Record<string, unknown> {
    return this.withDescription({ type: 'integer', format: this.format });
  }
}

export class BooleanSchema extends Schema<boolean> {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'boolean') {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be a boolean` });
    }
  }

  openapi(): Record<string, unknown> {
    return this.withDescription({ type: 'boolean' });
  }
}

/** Kubernetes int-or-string (e.g. container port names, maxSurge "25%"). */
export class IntOrStringSchema extends Schema<number | string> {
  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: must be an integer or a string` });
    }
  }

  openapi(): Record<string, unknown> {
    return this.withDescription({ 'x-kubernetes-int-or-string': true });
  }
}

/** Free-form JSON kept as is (e.g. status written by trusted components). */
export class AnySchema extends Schema<unknown> {
  validate(): void {}

  openapi(): Record<string, unknown> {
    return this.withDescription({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  }
}
