// Public API of @stevedore/apiserver: the Kubernetes-compatible serving logic (tables, discovery, OpenAPI).
export { toTable } from './tables/to-table';
export { PRINTERS } from './tables/printers';
export { podStatus } from './tables/pod-printer';
export { humanDuration, age } from './tables/duration';
export type { Table, TableRow, ColumnDefinition, IncludeObject } from './tables/table';
