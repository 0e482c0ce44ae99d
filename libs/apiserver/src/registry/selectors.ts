// Label and field selectors as kubectl sends them (`-l 'app in (web,demo),!canary'`,
// `--field-selector spec.nodeName=n1,status.phase!=Failed`), compiled to predicates.
import { badRequest } from '@stevedore/api';

export type Predicate = (object: any) => boolean;

const everything: Predicate = () => true;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter(Boolean);
}

function labelTerm(term: string): (labels: Record<string, string>) => boolean {
  let m = /^(!?)([A-Za-z0-9._/-]+)$/.exec(term);
  if (m) return m[1] ? (l) => !(m![2]! in l) : (l) => m![2]! in l;
  m = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]!) : (l) => !(key in l) || !values.has(l[key]!);
  }
  throw badRequest(`unable to parse requirement: invalid label selector "${term}"`);
}

export function labelSelector(selector: string | undefined): Predicate {
  if (!selector) return everything;
  const terms = splitTerms(selector).map(labelTerm);
  return (object) => {
    const labels = object?.metadata?.labels ?? {};
    return terms.every((term) => term(labels));
  };
}

/** Reads a dotted field path (`involvedObject.uid`, `spec.nodeName`); absent fields read as "". */
export function fieldValue(object: any, path: string): string {
  const value = path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), object);
  return value == null ? '' : String(value);
}

/** Every kind can be selected by these; a strategy lists its others. */
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** `supported`: the resource's own selectable fields; any other is refused, as Kubernetes refuses it. */
export function fieldSelector(selector: string | undefined, supported?: readonly string[]): Predicate {
  if (!selector) return everything;
  const terms = splitTerms(selector).map((term) => {
    const m = /^([A-Za-z0-9._]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid field selector: "${term}"`);
    const [, path, op, value] = m as unknown as [string, string, string, string];
    if (supported && !COMMON_FIELDS.includes(path) && !supported.includes(path)) throw badRequest(`field label not supported: ${path}`);
    return op === '!=' ? (o: any) => fieldValue(o, path) !== value : (o: any) => fieldValue(o, path) === value;
  });
  return (object) => terms.every((term) => term(object));
}

export function bothSelectors(labels: string | undefined, fields: string | undefined, supportedFields?: readonly string[]): Predicate {
  const l = labelSelector(labels);
  const f = fieldSelector(fields, supportedFields);
  return (o) => l(o) && f(o);
}
