// Pruning: fields a structural schema does not specify are dropped (reported first, so
// fieldValidation=Strict can refuse them and Warn can name them), except below
// x-kubernetes-preserve-unknown-fields. An embedded resource always keeps apiVersion, kind and
// metadata, and its metadata loses what ObjectMeta does not know, as upstream prunes it.
import { schemaOf } from '../../../openapi';
import { child, isObject, itemSchema, keepsUnknown, type Node, propertySchema } from './json-schema';

const EMBEDDED = new Set(['apiVersion', 'kind', 'metadata']);

function objectMetaUnknown(value: unknown, path: string, out: string[], remove: boolean): void {
  const found: string[] = [];
  schemaOf('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').unknownFields(value, path, found);
  out.push(...found);
  // Only metadata's own unknown keys are dropped; deeper ones (in managedFields, say) stay reported.
  if (remove && isObject(value)) for (const f of found) if (f.lastIndexOf('.') === path.length) delete value[f.slice(path.length + 1)];
}

/** Appends the paths of fields `node` does not specify; with `remove`, deletes them too. */
export function unknownFields(node: Node, value: unknown, path: string, out: string[], remove = false): void {
  if (Array.isArray(value)) {
    const items = itemSchema(node);
    if (items) value.forEach((v, i) => unknownFields(items, v, `${path}[${i}]`, out, remove));
    else if (!keepsUnknown(node)) value.forEach((_, i) => out.push(`${path}[${i}]`));
    return;
  }
  if (!isObject(value)) return;
  const embedded = !!node['x-kubernetes-embedded-resource'];
  for (const [key, v] of Object.entries(value)) {
    const at = child(path, key);
    // An object's metadata is ObjectMeta whatever its schema says: real CRDs declare it as a bare
    // `type: object` (a schema may only restrict name and generateName), which must not prune it.
    if (embedded && key === 'metadata') {
      objectMetaUnknown(v, at, out, remove);
      continue;
    }
    const s = propertySchema(node, key);
    if (s) unknownFields(s, v, at, out, remove);
    else if (embedded && EMBEDDED.has(key)) continue;
    else if (!keepsUnknown(node)) {
      out.push(at);
      if (remove) delete value[key];
    }
  }
}

/** Drops every field `node` does not specify, in place. */
export function prune(node: Node, value: unknown): void {
  unknownFields(node, value, '', [], true);
}
