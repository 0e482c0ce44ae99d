// A custom kind's Table columns: NAME, then its additionalPrinterColumns (or AGE when it has
// none), as kube-apiserver's CRD table convertor prints them. Column paths take the JSONPath
// subset printer columns use in practice: `.spec.x.y`, `.list[0].x` and
// `.conditions[?(@.type=="Ready")].status`.
import type { CustomResourceColumnDefinition } from '../../generated/kubernetes-types';
import { ageColumn, age as ageOf, type ColumnDefinition, nameColumn, type Printer } from '../../printing';
import type { KubeObject } from '../../strategy';

type Step = { key: string } | { index: number } | { filter: string; equals: string };

const STEP = /^\.([^.[]+)|^\[(\d+)\]|^\[\?\(@\.([^=]+)==["']([^"']*)["']\)\]/;

/** The steps of a column path, or undefined for what the subset does not take. */
export function parsePath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let rest = path.trim();
  while (rest) {
    const m = STEP.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ filter: m[3] ?? '', equals: m[4] ?? '' });
    rest = rest.slice(m[0].length);
  }
  return steps;
}

export function valueAtPath(obj: unknown, steps: readonly Step[]): unknown {
  let node: unknown = obj;
  for (const step of steps) {
    if (node === undefined || node === null) return undefined;
    if ('key' in step) node = (node as Record<string, unknown>)[step.key];
    else if ('index' in step) node = Array.isArray(node) ? node[step.index] : undefined;
    else node = Array.isArray(node) ? node.find((e) => String((e as Record<string, unknown>)?.[step.filter]) === step.equals) : undefined;
  }
  return node;
}

const TYPES: ColumnDefinition['type'][] = ['string', 'integer', 'number', 'boolean', 'date'];

function cell(c: CustomResourceColumnDefinition, steps: Step[] | undefined, obj: KubeObject, now: number): unknown {
  const value = steps && valueAtPath(obj, steps);
  if (value === undefined || value === null) return null;
  if (c.type === 'date') return typeof value === 'string' ? ageOf(value, now) : null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

export function customPrinter(columns: readonly CustomResourceColumnDefinition[] = []): Printer<KubeObject> {
  if (!columns.length)
    return { columns: [nameColumn, ageColumn], cells: (o, now) => [o.metadata.name, ageOf(o.metadata.creationTimestamp, now)] };
  const paths = columns.map((c) => parsePath(c.jsonPath));
  return {
    columns: [
      nameColumn,
      ...columns.map((c) => ({
        name: c.name,
        type: TYPES.includes(c.type as ColumnDefinition['type']) && c.type !== 'date' ? (c.type as ColumnDefinition['type']) : 'string',
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o, now) => [o.metadata.name, ...columns.map((c, i) => cell(c, paths[i], o, now))],
  };
}
