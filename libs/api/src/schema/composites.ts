import { type Cause, isRecord, join, Schema, typeName } from './schema';

/** Marks an object property as required (properties are optional by default, as in Kubernetes). */
export class RequiredProperty {
  constructor(readonly schema: Schema) {}
}

export type Property = Schema | RequiredProperty;

function unwrap(p: Property): { schema: Schema; required: boolean } {
  return p instanceof RequiredProperty ? { schema: p.schema, required: true } : { schema: p, required: false };
}

/** An object with known properties. The shape may be filled after construction, so definitions can refer to themselves. */
export class ObjectSchema extends Schema {
  /** `x-kubernetes-map-type: atomic`: server-side apply owns and replaces the object whole (a label selector). */
  atomic = false;

  constructor(readonly shape: Record<string, Property> = {}) {
    super();
  }

  property(key: string): Schema | undefined {
    const prop = this.shape[key];
    return prop && unwrap(prop).schema;
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (!isRecord(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an object` });
      return;
    }
    for (const [key, prop] of Object.entries(this.shape)) {
      const { schema, required } = unwrap(prop);
      const v = value[key];
      if (v === undefined || v === null) {
        if (required) causes.push({ reason: 'FieldValueRequired', field: join(path, key), message: 'Required value' });
        continue;
      }
      schema.validate(v, join(path, key), causes);
    }
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (!isRecord(value)) return;
    for (const [key, v] of Object.entries(value)) {
      const prop = this.shape[key];
      if (!prop) out.push(join(path, key));
      else unwrap(prop).schema.unknownFields(v, join(path, key), out);
    }
  }
}

/** How strategic merge patch treats a list, and which item field must be unique. */
export interface ListStrategy {
  /** Keyed lists merge items by this field; lists without one are replaced whole (atomic). */
  mergeKey?: string;
  /** 'merge' on a list without a merge key: a set, merged as a union (finalizers). */
  patchStrategy?: string;
  /** Items must differ in this field (422 Duplicate otherwise). */
  unique?: string;
  /** Server-side apply's view (`x-kubernetes-list-type`): items keyed (map), values (set), or the list whole (atomic). */
  listType?: 'atomic' | 'map' | 'set';
  /** The fields keying a `map` list's items (`x-kubernetes-list-map-keys`). */
  listMapKeys?: string[];
}

export class ArraySchema extends Schema {
  constructor(
    readonly item: Schema,
    readonly strategy: ListStrategy = {},
  ) {
    super();
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (!Array.isArray(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an array` });
      return;
    }
    value.forEach((v, i) => this.item.validate(v, `${path}[${i}]`, causes));
    if (this.strategy.unique) checkUnique(value, path, this.strategy.unique, causes);
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (Array.isArray(value)) value.forEach((v, i) => this.item.unknownFields(v, `${path}[${i}]`, out));
  }
}

function checkUnique(value: unknown[], path: string, key: string, causes: Cause[]): void {
  const seen = new Set<unknown>();
  value.forEach((v, i) => {
    const k = isRecord(v) ? v[key] : undefined;
    if (k === undefined) return;
    if (seen.has(k))
      causes.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}].${key}`, message: `Duplicate value: ${JSON.stringify(k)}` });
    seen.add(k);
  });
}

/** A string-keyed map (labels, annotations, ConfigMap data), with an optional key check. */
export class MapSchema extends Schema {
  constructor(
    readonly value: Schema,
    private readonly keyCheck?: (key: string) => string | undefined,
  ) {
    super();
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (!isRecord(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an object` });
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const problem = this.keyCheck?.(k);
      if (problem) causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: "${k}": ${problem}` });
      this.value.validate(v, `${path}[${k}]`, causes);
    }
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) this.value.unknownFields(v, `${path}[${k}]`, out);
  }
}
