import { Cause, Infer, join, Schema, typeName } from './schema';

/** Marks an object property as required (properties are optional by default, as in Kubernetes). */
export class RequiredProperty<S extends Schema<unknown>> {
  constructor(readonly schema: S) {}
}

type Property = Schema<unknown> | RequiredProperty<Schema<unknown>>;
type Shape = Record<string, Property>;
type RequiredKeys<P extends Shape> = { [K in keyof P]: P[K] extends RequiredProperty<Schema<unknown>> ? K : never }[keyof P];
type OptionalKeys<P extends Shape> = Exclude<keyof P, RequiredKeys<P>>;
type PropType<P> = P extends RequiredProperty<infer S> ? Infer<S> : Infer<P>;
type Simplify<T> = { [K in keyof T]: T[K] };
export type ObjectType<P extends Shape> = Simplify<
  { [K in RequiredKeys<P>]: PropType<P[K]> } & { [K in OptionalKeys<P>]?: PropType<P[K]> }
>;

function unwrap(p: Property): { schema: Schema<unknown>; required: boolean } {
  return p instanceof RequiredProperty ? { schema: p.schema, required: true } : { schema: p, required: false };
}

export class ObjectSchema<P extends Shape> extends Schema<ObjectType<P>> {
  constructor(readonly shape: P, private readonly gvk?: { group: string; version: string; kind: string }) {
    super();
  }

  /** The same object tagged with its group/version/kind (top-level API types). */
  kind(group: string, version: string, kind: string): ObjectSchema<P> {
    return new ObjectSchema(this.shape, { group, version, kind });
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an object` });
      return;
    }
    const record = value as Record<string, unknown>;
    for (const [key, prop] of Object.entries(this.shape)) {
      const { schema, required } = unwrap(prop);
      const v = record[key];
      if (v === undefined || v === null) {
        if (required) causes.push({ reason: 'FieldValueRequired', field: join(path, key), message: 'Required value' });
        continue;
      }
      schema.validate(v, join(path, key), causes);
    }
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const prop = this.shape[key];
      if (!prop) out.push(join(path, key));
      else unwrap(prop).schema.unknownFields(v, join(path, key), out);
    }
  }

  openapi(): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [key, prop] of Object.entries(this.shape)) {
      const { schema, required: isRequired } = unwrap(prop);
      properties[key] = schema.openapi();
      if (isRequired) required.push(key);
    }
    const out: Record<string, unknown> = { type: 'object', properties };
    if (required.length) out.required = required;
    if (this.gvk) out['x-kubernetes-group-version-kind'] = [this.gvk];
    return this.withDescription(out);
  }
}

/** How strategic merge patch treats a list: merged by key, or replaced whole (atomic). */
export interface ListStrategy {
  mergeKey?: string;
  /** 'merge' for keyed lists, 'merge,retainKeys' for volumes; absent = atomic. */
  patchStrategy?: 'merge' | 'merge,retainKeys';
}

export class ArraySchema<S extends Schema<unknown>> extends Schema<Infer<S>[]> {
  constructor(readonly item: S, readonly strategy: ListStrategy = {}) {
    super();
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (!Array.isArray(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an array` });
      return;
    }
    value.forEach((v, i) => this.item.validate(v, `${path}[${i}]`, causes));
    if (this.strategy.mergeKey) this.checkDuplicateKeys(value, path, causes);
  }

  private checkDuplicateKeys(value: unknown[], path: string, causes: Cause[]): void {
    const key = this.strategy.mergeKey!;
    const seen = new Set<unknown>();
    value.forEach((v, i) => {
      const k = (v as Record<string, unknown> | null)?.[key];
      if (k === undefined) return;
      if (seen.has(k)) causes.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}].${key}`, message: `Duplicate value: ${JSON.stringify(k)}` });
      seen.add(k);
    });
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (Array.isArray(value)) value.forEach((v, i) => this.item.unknownFields(v, `${path}[${i}]`, out));
  }

  openapi(): Record<string, unknown> {
    const out: Record<string, unknown> = { type: 'array', items: this.item.openapi() };
    if (this.strategy.patchStrategy && !this.strategy.mergeKey) {
      out['x-kubernetes-patch-strategy'] = this.strategy.patchStrategy;
      out['x-kubernetes-list-type'] = 'set';
    } else if (this.strategy.mergeKey) {
      out['x-kubernetes-patch-merge-key'] = this.strategy.mergeKey;
      out['x-kubernetes-patch-strategy'] = this.strategy.patchStrategy ?? 'merge';
      out['x-kubernetes-list-type'] = 'map';
      out['x-kubernetes-list-map-keys'] = [this.strategy.mergeKey];
    } else {
      out['x-kubernetes-list-type'] = 'atomic';
    }
    return this.withDescription(out);
  }
}

/** A string-keyed map (labels, annotations, ConfigMap data), with an optional key check. */
export class MapSchema<S extends Schema<unknown>> extends Schema<Record<string, Infer<S>>> {
  constructor(readonly value: S, private readonly keyCheck?: (key: string) => string | undefined) {
    super();
  }

  validate(value: unknown, path: string, causes: Cause[]): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${typeName(value)}: must be an object` });
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const problem = this.keyCheck?.(k);
      if (problem) causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: "${k}": ${problem}` });
      this.value.validate(v, `${path}[${k}]`, causes);
    }
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) this.value.unknownFields(v, `${path}[${k}]`, out);
  }

  openapi(): Record<string, unknown> {
    return this.withDescription({ type: 'object', additionalProperties: this.value.openapi() });
  }
}
