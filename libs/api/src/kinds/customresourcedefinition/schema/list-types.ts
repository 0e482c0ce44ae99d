// x-kubernetes-list-type: a `set` holds no value twice, a `map` no two items with the same
// x-kubernetes-list-map-keys; `atomic` (the default) allows anything. Duplicates are reported at
// the later item, with upstream's Go-style rendering of the key.
import type { Cause } from '../../../schema';
import { isObject, type Node } from './json-schema';

function goValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The item's key tuple as upstream prints it: map[string]interface {}{"name":"a", "port":80}. */
function mapKey(item: Record<string, unknown>, keys: readonly string[]): string {
  const fields = keys.filter((k) => item[k] !== undefined).map((k) => `"${k}":${goValue(item[k])}`);
  return `map[string]interface {}{${fields.join(', ')}}`;
}

export function listTypeRules(node: Node, list: unknown[], path: string, causes: Cause[]): void {
  const type = node['x-kubernetes-list-type'];
  if (type !== 'set' && type !== 'map') return;
  const keys = node['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (type === 'map' && !isObject(item)) return;
    const key = type === 'map' ? mapKey(item as Record<string, unknown>, keys) : JSON.stringify(item);
    if (seen.has(key)) {
      const value = type === 'map' ? key : goValue(item);
      causes.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${value}` });
    }
    seen.add(key);
  });
}
