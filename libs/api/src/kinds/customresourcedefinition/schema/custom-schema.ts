// A custom kind's schema in the shape the API server's write path expects: the structure check
// done before defaulting covers only what every object has (apiVersion, kind, metadata) plus the
// unknown fields pruning will drop; values are checked against the structural schema after
// defaulting (checkObject), as apiextensions validates the defaulted object.
import { inlineSchema, type OpenApiSchema, schemaOf } from '../../../openapi';
import { AnySchema, type Cause, ObjectSchema, type Schema, StringSchema } from '../../../schema';
import { validateRules } from './cel-walk';
import { applyDefaults } from './defaulting';
import type { Node } from './json-schema';
import { prune, unknownFields } from './pruning';
import { ratchet } from './ratcheting';
import { validateValue } from './value-rules';

/**
 * Problems after which CEL rules are not run, as apiextensions has it (a rule may not see the types
 * it was written for); a pattern or bound problem does not stop them.
 */
const BLOCKING = new Set([
  'FieldValueTypeInvalid',
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
]);
const RULES_NOT_CHECKED: Cause = {
  reason: 'FieldValueInvalid',
  field: '<nil>',
  message:
    'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
};

/** The root as an embedded resource: apiVersion, kind and metadata are always known. */
function asObjectRoot(root: Node): Node {
  return { ...root, type: 'object', 'x-kubernetes-embedded-resource': true };
}

export class CustomResourceSchema extends ObjectSchema {
  private readonly root: Node;

  constructor(root: Node) {
    const shape = Object.fromEntries(Object.keys(root.properties ?? {}).map((k) => [k, new AnySchema()]));
    super({
      ...shape,
      apiVersion: new StringSchema([]),
      kind: new StringSchema([]),
      metadata: schemaOf('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
    });
    this.root = asObjectRoot(root);
  }

  /** Only metadata here; the values wait for checkObject, after defaulting. */
  override validate(value: unknown, _path: string, causes: Cause[]): void {
    const metadata = (value as { metadata?: unknown } | null)?.metadata;
    if (metadata !== undefined && metadata !== null) this.property('metadata')?.validate(metadata, 'metadata', causes);
  }

  override unknownFields(value: unknown, path: string, out: string[]): void {
    unknownFields(this.root, value, path, out);
  }

  /** The openAPIV3Schema compiled, so server-side apply sees its list types (compiled on first use). */
  override structural(): Schema {
    if (!this.compiled) {
      const compiled = inlineSchema(this.root as OpenApiSchema, 'custom resource');
      const shape = compiled instanceof ObjectSchema ? compiled.shape : {};
      this.compiled = new ObjectSchema({ ...shape, metadata: this.shape.metadata! });
    }
    return this.compiled;
  }
  private compiled?: ObjectSchema;

  /** Pruning then defaulting, in place, as on decode. */
  pruneAndDefault(obj: unknown): void {
    prune(this.root, obj);
    applyDefaults(this.root, obj);
  }

  /** Defaulting alone: what a read from storage gets. */
  applyDefaults(obj: unknown): void {
    applyDefaults(this.root, obj);
  }

  /** Whether any node has a default (reads of kinds without any skip defaulting). */
  get hasDefaults(): boolean {
    this.defaulted ??= JSON.stringify(this.root).includes('"default":');
    return this.defaulted;
  }
  private defaulted?: boolean;

  /** Whether any node has x-kubernetes-validations (without, nothing is said of unchecked rules). */
  private get hasRules(): boolean {
    this.ruled ??= JSON.stringify(this.root).includes('"x-kubernetes-validations":');
    return this.ruled;
  }
  private ruled?: boolean;

  /**
   * Schema values, then (when they are sound) the CEL rules, with `old` as oldSelf on updates;
   * on updates, problems with unchanged values are ratcheted away.
   */
  checkObject(obj: unknown, old?: unknown): Cause[] {
    const causes: Cause[] = [];
    const { 'x-kubernetes-embedded-resource': _, ...root } = this.root;
    validateValue(root, obj, '', causes);
    const remaining = ratchet(causes, obj, old);
    if (!this.hasRules) return remaining;
    if (remaining.some((c) => BLOCKING.has(c.reason))) remaining.push(RULES_NOT_CHECKED);
    else validateRules(root, obj, old, '', remaining);
    return remaining;
  }
}
