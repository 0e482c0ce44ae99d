import { DEFAULT_PRINTER, PRINTERS } from './printers';
import { IncludeObject, rowObject, Table } from './table';

/** Renders objects of one kind as a Table; `withColumns` false sends null columns (later watch events). */
export function toTable(kind: string, objects: unknown[], opts: { resourceVersion?: string; include?: IncludeObject; now?: number; withColumns?: boolean } = {}): Table {
  const printer = PRINTERS[kind] ?? DEFAULT_PRINTER;
  const now = opts.now ?? Date.now();
  const include = opts.include ?? 'Metadata';
  const table: Table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.withColumns === false ? null : printer.columns,
    rows: objects.map((o) => ({ cells: printer.cells(o, now), object: rowObject(o, include) })),
  };
  return table;
}
