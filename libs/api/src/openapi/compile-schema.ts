// Compiles OpenAPI definitions into validating schemas: the structure (types, required fields,
// unknown fields, strategic-merge keys) from the definitions, the rules Kubernetes checks in code
// from field-rules.ts. Compiled once per definition and shared.
import {
  AnySchema,
  ArraySchema,
  BooleanSchema,
  base64,
  IntegerSchema,
  IntOrStringSchema,
  MapSchema,
  NumberSchema,
  ObjectSchema,
  QuantitySchema,
  RequiredProperty,
  type Schema,
  StringSchema,
  timestamp,
} from '../schema';
import { definition, type OpenApiSchema, refName, stricterRequired } from './definitions';
import { type FieldRule, fieldRule } from './field-rules';

/** Definitions whose JSON form is not what their OpenAPI type says, or that carry a format of their own. */
const SPECIAL: Record<string, () => Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () => new IntOrStringSchema(),
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => new QuantitySchema(),
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => new StringSchema([timestamp]),
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => new StringSchema([timestamp]),
};

class Compiler {
  private readonly cache = new Map<string, Schema>();

  /** `requireFields` false: required fields are not enforced (a status, written by our own components). */
  constructor(private readonly requireFields: boolean) {}

  definition(name: string): Schema {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const special = SPECIAL[name];
    if (special) return this.remember(name, special());
    const def = definition(name);
    if (!def.properties) return this.remember(name, this.schema(def, name));
    // Cached before its properties are compiled, so a definition may contain itself.
    const object = this.remember(name, new ObjectSchema());
    object.atomic = def['x-kubernetes-map-type'] === 'atomic';
    this.fill(object, def, name);
    return object;
  }

  private remember<S extends Schema>(name: string, schema: S): S {
    this.cache.set(name, schema);
    return schema;
  }

  private fill(object: ObjectSchema, def: OpenApiSchema, name: string): void {
    const required = new Set(this.requireFields ? [...(def.required ?? []), ...stricterRequired(name)] : []);
    for (const [key, property] of Object.entries(def.properties ?? {})) {
      const schema = this.schema(property, name, fieldRule(name, key));
      object.shape[key] = required.has(key) ? new RequiredProperty(schema) : schema;
    }
  }

  /** A schema given inline rather than by definition name (a CustomResourceDefinition's). */
  inline(node: OpenApiSchema, owner: string): Schema {
    return this.schema(node, owner);
  }

  private schema(node: OpenApiSchema, owner: string, rule?: FieldRule): Schema {
    if (node.$ref) return this.definition(refName(node.$ref));
    if (node['x-kubernetes-preserve-unknown-fields']) return new AnySchema();
    switch (node.type) {
      case 'array':
        return new ArraySchema(this.schema(node.items ?? {}, owner), {
          mergeKey: node['x-kubernetes-patch-merge-key'],
          patchStrategy: node['x-kubernetes-patch-strategy'],
          unique: rule?.unique,
          listType: node['x-kubernetes-list-type'],
          listMapKeys: node['x-kubernetes-list-map-keys'],
        });
      case 'object':
        return this.object(node, owner, rule);
      case 'string':
        return this.string(node, rule);
      case 'integer':
        return new IntegerSchema(
          { min: rule?.min ?? node.minimum, max: rule?.max ?? node.maximum },
          node.format === 'int32' ? 'int32' : 'int64',
        );
      case 'number':
        return new NumberSchema();
      case 'boolean':
        return new BooleanSchema();
      default:
        return new AnySchema();
    }
  }

  private object(node: OpenApiSchema, owner: string, rule?: FieldRule): Schema {
    if (typeof node.additionalProperties === 'object') {
      const valueRule = rule && { check: rule.check, oneOf: rule.oneOf };
      return new MapSchema(this.schema(node.additionalProperties, owner, valueRule), rule?.keys);
    }
    if (!node.properties) return new AnySchema();
    const inline = new ObjectSchema();
    inline.atomic = node['x-kubernetes-map-type'] === 'atomic';
    this.fill(inline, node, owner);
    return inline;
  }

  private string(node: OpenApiSchema, rule?: FieldRule): Schema {
    if (node.format === 'int-or-string') return new IntOrStringSchema();
    const checks = [node.format === 'byte' ? base64 : undefined, node.format === 'date-time' ? timestamp : undefined, rule?.check];
    return new StringSchema(
      checks.filter((c) => c !== undefined),
      rule?.oneOf ?? (node.enum?.every((e) => typeof e === 'string') ? node.enum : undefined),
    );
  }
}

const strict = new Compiler(true);
const lenient = new Compiler(false);

/** The schema of any definition, e.g. `io.k8s.api.core.v1.PodSpec`. */
export function schemaOf(name: string): Schema {
  return strict.definition(name);
}

/**
 * The schema of a served kind. Its status is checked for types and unknown fields but not for
 * required fields: our own components write it field by field, and Kubernetes does not enforce
 * them there either.
 */
export function kindSchema(name: string): ObjectSchema {
  const main = strict.definition(name);
  if (!(main instanceof ObjectSchema)) throw new Error(`${name} is not an object definition`);
  if (!main.shape.status) return main;
  const status = (lenient.definition(name) as ObjectSchema).property('status')!;
  return new ObjectSchema({ ...main.shape, status });
}

/** The schema of an inline OpenAPI schema (a custom kind's openAPIV3Schema), `owner` naming it. */
export function inlineSchema(node: OpenApiSchema, owner: string): Schema {
  return strict.inline(node, owner);
}
