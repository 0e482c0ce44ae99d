// Validation ratcheting (on by default since Kubernetes 1.30): on an update, a problem with a
// value the update did not change is let through, so tightening a schema never blocks writes to
// other fields of objects stored before. A missing required field counts as unchanged when the
// object holding it is unchanged. Causes whose path cannot be followed are kept.
import type { Cause } from '../../../schema';
import { isObject } from './json-schema';

const MISSING = Symbol('missing');

/** `spec.ports[1].name` → ['spec', 'ports', 1, 'name']. */
function steps(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const i of m[2]?.matchAll(/\[(\d+)\]/g) ?? []) out.push(Number(i[1]));
  }
  return out;
}

function at(value: unknown, path: (string | number)[]): unknown {
  let v: unknown = value;
  for (const k of path) {
    if (typeof k === 'number' ? !Array.isArray(v) || k >= v.length : !isObject(v) || !(k in v)) return MISSING;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function unchanged(cause: Cause, obj: unknown, old: unknown): boolean {
  const path = steps(cause.field);
  if (path.length === 0) return false;
  const where = cause.reason === 'FieldValueRequired' ? path.slice(0, -1) : path;
  const now = at(obj, where);
  const before = at(old, where);
  return now !== MISSING && before !== MISSING && JSON.stringify(now) === JSON.stringify(before);
}

/** The causes an update is still refused for. */
export function ratchet(causes: Cause[], obj: unknown, old: unknown): Cause[] {
  return old === undefined ? causes : causes.filter((c) => !unchanged(c, obj, old));
}
