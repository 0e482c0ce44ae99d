// What a kind's printer is made of: the meta.k8s.io/v1 Table column definitions kubectl reads,
// and the small helpers most printers share.
import type { ObjectMeta } from '../generated/kubernetes-types';
import { age } from './duration';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  priority: number;
}

/** A printer knows the columns of one kind and turns an object into its cells, as kube-apiserver's table printers do. */
export interface Printer<T> {
  columns: ColumnDefinition[];
  cells(obj: T, now: number): unknown[];
}

export function column(name: string, type: ColumnDefinition['type'] = 'string', priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description: '', priority };
}

export const nameColumn = column('Name', 'string', 0, 'name');
export const ageColumn = column('Age');

/** kubectl prints missing values as `<none>`. */
export function none(value: unknown): string {
  return value === undefined || value === null || value === '' ? '<none>' : String(value);
}

/** NAME, the given columns, AGE: the layout of most kinds. */
export function simplePrinter<T extends { metadata: ObjectMeta }>(extra: [string, (o: T) => unknown][] = []): Printer<T> {
  return {
    columns: [nameColumn, ...extra.map(([title]) => column(title)), ageColumn],
    cells: (o, now) => [o.metadata.name, ...extra.map(([, get]) => get(o)), age(o.metadata.creationTimestamp, now)],
  };
}
