// Public API of @stevedore/apiserver: the Kubernetes-compatible serving logic (tables, discovery, OpenAPI).
export { toTable } from './tables/to-table';
export { PRINTERS } from './tables/printers';
export { podStatus } from './tables/pod-printer';
export { humanDuration, age } from './tables/duration';
export type { Table, TableRow, ColumnDefinition, IncludeObject } from './tables/table';
export { aggregatedDiscovery, legacyCoreVersions, legacyGroupList, resourceList, groupVersions, AGGREGATED_V2, AGGREGATED_V2BETA1 } from './discovery/discovery';
export { openapiDocument, openapiIndex, OPENAPI_V2_CONTENT_TYPE } from './openapi/openapi';
export { parseResourcePath } from './request/request-info';
export type { RequestTarget } from './request/request-info';
export { wantedRepresentation, patchTypeOf, TABLE_CONTENT_TYPE } from './request/content-type';
export type { Representation, PatchType } from './request/content-type';
export { decodeBody, MAX_BODY_BYTES } from './request/decode-body';
export { prepareCreate, prepareUpdate } from './objects/prepare';
export type { Prepared } from './objects/prepare';
export { semanticCauses } from './objects/semantic-validation';
