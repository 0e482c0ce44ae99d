// RFC 6902 JSON patch, applied to a copy; any failing operation rejects the whole patch.
import { badRequest, statusError } from '../meta/status';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** Kubernetes refuses JSON patches with more operations than this. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : (node as Record<string, unknown> | null)?.[token];
    if (typeof node !== 'object' || node === null) throw badRequest(`path "${pointer}" does not exist`);
  }
  return { parent: node as Container, key: tokens[tokens.length - 1]! };
}

function arrayIndex(arr: unknown[], key: string, forInsert: boolean, pointer: string): number {
  if (forInsert && key === '-') return arr.length;
  const i = Number(key);
  const max = forInsert ? arr.length : arr.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(key) || i > max) throw badRequest(`path "${pointer}": array index out of range`);
  return i;
}

function get(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false, pointer)];
    else if (typeof node === 'object' && node !== null && token in node) node = (node as Record<string, unknown>)[token];
    else throw badRequest(`path "${pointer}" does not exist`);
  }
  return node;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false, pointer), 1)[0];
  if (!(key in parent)) throw badRequest(`path "${pointer}" does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function add(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, !replace, pointer);
    parent.splice(i, replace ? 1 : 0, value);
  } else {
    if (replace && !(key in parent)) throw badRequest(`path "${pointer}" does not exist`);
    parent[key] = value;
  }
  return doc;
}

export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('a JSON patch must be an array of operations');
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw statusError(
      413,
      'RequestEntityTooLarge',
      `the allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  let doc: unknown = structuredClone(target);
  for (const raw of ops as JsonPatchOperation[]) {
    const clone = (v: unknown) => structuredClone(v);
    switch (raw?.op) {
      case 'add':
        doc = add(doc, raw.path, clone(raw.value), false);
        break;
      case 'replace':
        doc = add(doc, raw.path, clone(raw.value), true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move': {
        const v = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, v, false);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, clone(get(doc, raw.from ?? '')), false);
        break;
      case 'test':
        if (JSON.stringify(get(doc, raw.path)) !== JSON.stringify(raw.value))
          throw statusError(422, 'Invalid', `test operation failed at "${raw.path}"`);
        break;
      default:
        throw badRequest(`unknown JSON patch operation ${JSON.stringify(raw?.op)}`);
    }
  }
  return doc;
}
