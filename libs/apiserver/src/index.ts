// Public API of @stevedore/apiserver: the Kubernetes-compatible serving logic (tables, discovery, OpenAPI).

export type { ServiceAddress, WebhookCaller, WebhookSources } from './admission-webhooks';
export { mutatingWebhookAdmission, validatingWebhookAdmission } from './admission-webhooks';
export {
  AGGREGATED_V2,
  AGGREGATED_V2BETA1,
  aggregatedDiscovery,
  groupVersions,
  legacyCoreVersions,
  legacyGroupList,
  resourceList,
} from './discovery/discovery';
export {
  type HealthAnswer,
  type HealthCheck,
  type HealthQuery,
  healthReport,
  singleHealthCheck,
  withTimeout,
} from './health/health-report';
export { handleExecUpgrade } from './http/exec-websocket';
export type { AttachRequest, ExecChannel, ExecRequest, LogRequest, PodStreams, PortForwardConnection } from './http/pod-streams';
export { RESIZE, STATUS, STDERR, STDIN, STDOUT } from './http/pod-streams';
export { rejectUpgrade } from './http/reject-upgrade';
export { sendJson, sendStatus } from './http/respond';
export type { Answer, Answers, RestContext } from './http/rest-handler';
export { handleResourceRequest, readBody } from './http/rest-handler';
export type { ApiObject, Stored } from './objects/api-object';
export { asKind } from './objects/api-object';
export type { Prepared } from './objects/prepare';
export { prepareCreate, prepareUpdate } from './objects/prepare';
export { OPENAPI_V2_CONTENT_TYPE, openapiDocument, openapiIndex } from './openapi/openapi';
export { type Admission, AdmissionChain, type AdmissionPhase, type AdmissionWarnings } from './registry/admission';
export type { Allocator } from './registry/allocator';
export type { DeleteOptions } from './registry/delete';
export { deleteObject } from './registry/delete';
export { ingressAdmission } from './registry/ingress-admission';
export { objectKey, resourcePrefix } from './registry/keys';
export { type LimitRangeLookup, limitRangeAdmission } from './registry/limit-range-admission';
export type { ListPage, ListQuery } from './registry/list';
export { listObjects } from './registry/list';
export type { RecentCopies, WriteOptions, WriteResult } from './registry/object-registry';
export { ObjectRegistry } from './registry/object-registry';
export type { PodSecuritySources } from './registry/pod-security-admission';
export { podSecurityAdmission } from './registry/pod-security-admission';
export { podPriorityAdmission, priorityClassAdmission } from './registry/priority-admission';
export { type CachedQuotas, quotaAdmission } from './registry/quota-admission';
export { selectorString } from './registry/selector-string';
export { bothSelectors, fieldSelector, labelSelector } from './registry/selectors';
export { type ServiceAccountLookup, serviceAccountAdmission } from './registry/service-account-admission';
export type { ServiceRanges } from './registry/service-allocation';
export { ServiceAllocator } from './registry/service-allocation';
export { claimAdmission, volumeAdmission } from './registry/storage-admission';
export { bindPod, toScale, upsertCondition, writeScale } from './registry/subresources';
export type { WatchEvent, WatchQuery } from './registry/watch';
export { watchObjects } from './registry/watch';
export type { PatchType, Representation } from './request/content-type';
export { patchTypeOf, TABLE_CONTENT_TYPE, wantedRepresentation } from './request/content-type';
export { decodeBody, MAX_BODY_BYTES } from './request/decode-body';
export type { RequestTarget } from './request/request-info';
export { parseResourcePath } from './request/request-info';
export type { IncludeObject, Table, TableRow } from './tables/table';
export { toTable } from './tables/to-table';
export { conversionWebhookTransport } from './webhook-transport/conversion-transport';
