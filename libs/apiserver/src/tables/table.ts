// The meta.k8s.io/v1 Table kubectl asks for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io).
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  /** kubectl needs the row's metadata for `-A` (NAMESPACE) and `--show-labels`. */
  object: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: ColumnDefinition[] | null;
  rows: TableRow[];
}

export function column(name: string, type: ColumnDefinition['type'] = 'string', priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description: '', priority };
}

/** A printer knows the columns of one kind and turns an object into its cells. */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: any, now: number): unknown[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function rowObject(obj: any, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
