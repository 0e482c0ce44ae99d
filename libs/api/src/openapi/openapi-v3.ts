// The definitions as an OpenAPI v3 document's components: every definition reachable from the
// given ones, with references rewritten from v2's `#/definitions/` to v3's `#/components/schemas/`.
import { allDefinitions, type OpenApiSchema, refName } from './definitions';

function refsOf(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.add(refName(value));
      else refsOf(value, out);
    }
  }
}

/** The names of `roots` and of every definition they refer to, directly or not. */
export function reachableDefinitions(roots: readonly string[]): string[] {
  const all = allDefinitions();
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name) || !all[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    refsOf(all[name], refs);
    pending.push(...refs);
  }
  return [...seen].sort();
}

/** `components.schemas` for a document serving `roots`. */
export function componentSchemas(roots: readonly string[]): Record<string, OpenApiSchema> {
  const all = allDefinitions();
  const entries = reachableDefinitions(roots).map((name) => [
    name,
    JSON.parse(JSON.stringify(all[name]).replaceAll('#/definitions/', '#/components/schemas/')),
  ]);
  return Object.fromEntries(entries);
}
