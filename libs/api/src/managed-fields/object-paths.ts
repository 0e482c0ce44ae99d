// Reading and removing one field of an object by its path tokens (see field-path.ts).
import type { Schema } from '../schema';
import { fieldSchema, isRecord, itemSchema, type Json, keyToken, splitPath, valueToken } from './field-path';

/** Where a token points in a container: a field name or a list index, or nothing. */
function locate(container: unknown, token: string): string | number | undefined {
  const body = token.slice(2);
  if (token.startsWith('f:')) return isRecord(container) && body in container ? body : undefined;
  if (!Array.isArray(container)) return undefined;
  if (token.startsWith('i:')) return Number(body) < container.length ? Number(body) : undefined;
  const match = token.startsWith('k:')
    ? (item: unknown) => keyToken(item, Object.keys(JSON.parse(body) as Json)) === token
    : (item: unknown) => valueToken(item) === token;
  const index = container.findIndex(match);
  return index < 0 ? undefined : index;
}

/** The value at `path`, or `found: false`. */
export function valueAt(root: unknown, path: string): { found: boolean; value?: unknown } {
  let node = root;
  for (const token of splitPath(path)) {
    const at = locate(node, token);
    if (at === undefined) return { found: false };
    node = (node as Record<string | number, unknown>)[at];
  }
  return { found: true, value: node };
}

/** The schema of the field at `path`. */
export function schemaAt(schema: Schema | undefined, path: string): Schema | undefined {
  let node = schema;
  for (const token of splitPath(path)) node = token.startsWith('f:') ? fieldSchema(node, token.slice(2)) : itemSchema(node);
  return node;
}

/**
 * Removes the field at `path` from `root` (in place). Objects and lists the removal leaves empty
 * go too, unless `keep` says someone still sets them, so no `labels: {}` is left behind.
 */
export function removeAt(root: Json, path: string, keep: (path: string[]) => boolean = () => false): void {
  const tokens = splitPath(path);
  const chain: { container: unknown; at: string | number }[] = [];
  let node: unknown = root;
  for (const token of tokens) {
    const at = locate(node, token);
    if (at === undefined) return;
    chain.push({ container: node, at });
    node = (node as Record<string | number, unknown>)[at];
  }
  for (let depth = chain.length - 1; depth >= 0; depth--) {
    const { container, at } = chain[depth]!;
    if (Array.isArray(container)) container.splice(at as number, 1);
    else delete (container as Json)[at as string];
    const emptied = Array.isArray(container) ? !container.length : !Object.keys(container as Json).length;
    if (depth === 0 || !emptied || keep(tokens.slice(0, depth))) return;
  }
}
