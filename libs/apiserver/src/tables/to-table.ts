import type { Printer } from '@stevedore/api';
import { type IncludeObject, rowObject, type Table } from './table';

/** Renders objects with their kind's printer as a Table; `withColumns` false sends null columns (later watch events). */
export function toTable<T>(
  printer: Printer<T>,
  objects: T[],
  opts: { resourceVersion?: string; include?: IncludeObject; now?: number; withColumns?: boolean } = {},
): Table {
  const now = opts.now ?? Date.now();
  const include = opts.include ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.withColumns === false ? null : printer.columns,
    rows: objects.map((o) => ({ cells: printer.cells(o, now), object: rowObject(o, include) })),
  };
}
