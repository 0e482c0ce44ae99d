// The structural-schema rules apiextensions/v1 requires of every openAPIV3Schema: a type at every
// level (unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields says otherwise),
// no $ref, no array-form items, no uniqueItems, and properties and additionalProperties never both.
// The most common of upstream's checks, with its field paths and wording.
import type { JSONSchemaProps } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { schemaRules } from './schema/schema-rules';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function typeRule(s: JSONSchemaProps, path: string, root: boolean, causes: Cause[]): void {
  const field = `${path}.type`;
  if (!s.type) {
    if (s['x-kubernetes-int-or-string'] || s['x-kubernetes-preserve-unknown-fields']) return;
    const where = root ? 'at the root' : 'for specified object fields';
    causes.push({ reason: 'FieldValueRequired', field, message: `Required value: must not be empty ${where}` });
  } else if (!TYPES.includes(s.type)) {
    const supported = TYPES.map((t) => `"${t}"`).join(', ');
    causes.push({
      reason: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${JSON.stringify(s.type)}: supported values: ${supported}`,
    });
  } else if (root && s.type !== 'object') {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(s.type)}: must be object at the root` });
  }
}

function forbiddenRules(s: JSONSchemaProps, path: string, causes: Cause[]): void {
  const forbid = (field: string, message: string) =>
    causes.push({ reason: 'FieldValueForbidden', field: `${path}.${field}`, message: `Forbidden: ${message}` });
  if (s.$ref !== undefined) forbid('$ref', '$ref is not supported');
  if (s.uniqueItems) forbid('uniqueItems', 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
  if (s.additionalItems !== undefined) forbid('additionalItems', 'additionalItems cannot be set');
  if (Array.isArray(s.items)) forbid('items', 'items must be a schema object and not an array');
  if (s.additionalProperties === false) forbid('additionalProperties', 'additionalProperties cannot be set to false');
  if (s.properties && s.additionalProperties !== undefined)
    forbid('additionalProperties', 'additionalProperties and properties are mutual exclusive');
  if (s.type === 'array' && !s.items)
    causes.push({ reason: 'FieldValueRequired', field: `${path}.items`, message: 'Required value: must be specified' });
}

function childRules(s: JSONSchemaProps, path: string, causes: Cause[]): void {
  for (const [key, child] of Object.entries(s.properties ?? {})) walk(child, `${path}.properties[${key}]`, false, causes);
  if (s.items && !Array.isArray(s.items)) walk(s.items as JSONSchemaProps, `${path}.items`, false, causes);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    walk(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, false, causes);
}

/** At the root, metadata may only restrict name and generateName, as upstream allows. */
function rootMetadataRule(s: JSONSchemaProps, path: string, causes: Cause[]): void {
  const metadata = s.properties?.metadata;
  if (!metadata) return;
  const extra = Object.keys(metadata.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
  if (extra.length || (metadata.type && metadata.type !== 'object'))
    causes.push({
      reason: 'FieldValueForbidden',
      field: `${path}.properties[metadata]`,
      message: 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    });
}

function walk(s: JSONSchemaProps, path: string, root: boolean, causes: Cause[]): void {
  if (root) rootMetadataRule(s, path, causes);
  typeRule(s, path, root, causes);
  forbiddenRules(s, path, causes);
  schemaRules(s, path, causes);
  childRules(s, path, causes);
}

/** Causes for every structural-schema problem of `schema`, rooted at `path`. */
export function structuralRules(schema: JSONSchemaProps, path: string): Cause[] {
  const causes: Cause[] = [];
  walk(schema, path, true, causes);
  return causes;
}
