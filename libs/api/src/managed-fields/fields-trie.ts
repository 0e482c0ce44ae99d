// Adding and removing one path in a FieldsV1 trie in place (see field-set.ts for the encoding: a
// member leaf is `{}`, a member with fields below it has a `.` entry, a mere way to fields has
// neither). An update touches a few paths of entries holding hundreds, so it edits the tries it
// has rather than decoding every entry into a set and encoding it again.
import { isRecord, type Json } from './field-path';

/** Adds `path` (tokens) to the trie; a node that gains a key is replaced by a copy with its keys in order. */
export function addToTrie(trie: Json, path: readonly string[]): Json {
  if (!path.length) return trie;
  const [token, ...rest] = path;
  const existing = trie[token!];
  let child: Json;
  if (!isRecord(existing)) child = rest.length ? addToTrie({}, rest) : {};
  else if (!rest.length) child = Object.keys(existing).length && !('.' in existing) ? withKey(existing, '.', {}) : existing;
  // A member leaf gaining fields below it keeps its membership as `.`.
  else child = addToTrie(Object.keys(existing).length ? existing : { '.': {} }, rest);
  return child === existing ? trie : withKey(trie, token!, child);
}

/** Whether the trie holds `path` as a member. */
export function trieHas(trie: Json, path: readonly string[]): boolean {
  let node: unknown = trie;
  for (const token of path) {
    node = (node as Json)[token];
    if (!isRecord(node)) return false;
  }
  return node !== trie && (!Object.keys(node as Json).length || '.' in (node as Json));
}

/** Removes `path` (tokens) from the trie, in place; nodes left with no member below them go too. */
export function removeFromTrie(trie: Json, path: readonly string[]): void {
  const chain: Json[] = [trie];
  for (const token of path) {
    const child = chain[chain.length - 1]![token];
    if (!isRecord(child)) return;
    chain.push(child);
  }
  const target = chain[chain.length - 1]!;
  const keys = Object.keys(target);
  if (target === trie || (keys.length && !('.' in target))) return;
  if (keys.length > 1) {
    delete target['.'];
    return;
  }
  // A member leaf: unlink it, then every ancestor it leaves empty (or with only its own `.`).
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parent = chain[depth]!;
    delete parent[path[depth]!];
    const left = Object.keys(parent);
    if (depth === 0) return;
    if (left.length === 1 && left[0] === '.') {
      delete parent['.'];
      return;
    }
    if (left.length) return;
  }
}

export function trieEmpty(trie: Json): boolean {
  for (const _ in trie) return false;
  return true;
}

/** `node` with `key` set, keys in the sorted order FieldsV1 is written in (`.` first); a new object when the key is new. */
function withKey(node: Json, key: string, value: Json): Json {
  if (key in node) {
    node[key] = value;
    return node;
  }
  const out: Json = {};
  let placed = false;
  for (const k in node) {
    if (!placed && key < k) {
      out[key] = value;
      placed = true;
    }
    out[k] = node[k];
  }
  if (!placed) out[key] = value;
  return out;
}
