// The meta.k8s.io/v1 Table kubectl asks for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io).
import type { ColumnDefinition } from '@stevedore/api';
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

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function rowObject(obj: any, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
