// Public API of @stevedore/api: the served kinds (one strategy each), their types and schemas
// from the Kubernetes OpenAPI definitions, validation, patches and Status errors.
export { cloneJson } from './clone-json';
export { DynamicResources, dynamicResources } from './dynamic/dynamic-resources';
export { findKind, findResource, findServed, servedResources } from './find-resource';
export type * from './generated/kubernetes-types';
export type { ConversionReview, ConversionWebhookTransport, PriorityClassLookup, QuotaCharge, QuotaResource, Usage } from './kinds';
export {
  API_ACCESS_VOLUME_PREFIX,
  accessModesText,
  admitClaim,
  admitIngress,
  admitPodPriority,
  admitPodServiceAccount,
  admitVolume,
  apiServiceGroupVersion,
  apiServices,
  applyLimitRangeDefaults,
  availableCondition,
  CLEANUP_FINALIZER,
  chargeQuota,
  claimClass,
  claimLimitProblems,
  claimRequest,
  clusterRoleBindings,
  clusterRoles,
  configMaps,
  controllerRevisions,
  countName,
  cronJobs,
  cronSchedule,
  customResourceDefinitions,
  customResourceStrategies,
  DEFAULT_CLASS_ANNOTATION,
  DEFAULT_INGRESS_CLASS_ANNOTATION,
  DEFAULT_PREEMPTION_POLICY,
  daemonSets,
  defaultIngressClass,
  defaultPodSpec,
  defaultPullPolicy,
  defaultStorageClass,
  deployments,
  endpointSlices,
  endpoints,
  events,
  findVolumeForClaim,
  formatUsage,
  globalDefaultConflict,
  HIGHEST_USER_PRIORITY,
  horizontalPodAutoscalers,
  ingressClasses,
  ingressClassOf,
  ingresses,
  isDefaultClass,
  isDefaultIngressClass,
  isKnownTimeZone,
  isSchedulingGated,
  jobs,
  keepPodPriority,
  LEGACY_CLASS_ANNOTATION,
  LIMIT_RANGER_ANNOTATION,
  LOCAL_PATH_PROVISIONER,
  leases,
  limitRanges,
  localSubjectAccessReviews,
  MANAGED_BY_LABEL,
  mutatingWebhookConfigurations,
  NAMESPACE_NAME_LABEL,
  namespaces,
  networkPolicies,
  nodes,
  objectUsage,
  PATH_TYPES,
  PROJECTED_TOKEN_SECONDS,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
  pdbSelects,
  persistentVolumeClaims,
  persistentVolumes,
  podCounts,
  podDisruptionBudgets,
  podLimitProblems,
  podQuotaConstraints,
  podStatus,
  pods,
  priorityClasses,
  QUOTA_SCOPES,
  quotaSelects,
  RESOURCES,
  REVIEWS,
  randomSuffix,
  refersToClaim,
  replicaSets,
  resourceQuotas,
  roleBindings,
  roles,
  SERVICE_ACCOUNT_MOUNT_PATH,
  SERVICE_NAME_LABEL,
  SYSTEM_PRIORITY_CLASSES,
  scheduleProblem,
  secrets,
  selfSubjectAccessReviews,
  selfSubjectReviews,
  selfSubjectRulesReviews,
  serviceAccountNameOf,
  serviceAccounts,
  services,
  statefulSets,
  storageClasses,
  subjectAccessReviews,
  sumUsage,
  tokenReviews,
  VOLUME_ANNOTATIONS,
  validatingWebhookConfigurations,
  volumeFitsClaim,
  volumeSources,
} from './kinds';
export type { FieldManagerContext, FieldSet, ManagedFieldsEntry } from './managed-fields';
export {
  applyConfiguration,
  fieldSetOf,
  fromFieldsV1,
  managerFromUserAgent,
  printPath,
  toFieldsV1,
  updateManagedFields,
} from './managed-fields';
export type { Cidr } from './meta/cidr';
export { cidrContains, formatCidr, formatIp, parseCidr, parseIp } from './meta/cidr';
export { ignoring, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, isStatusError } from './meta/errors';
export { labelSelectorMatches } from './meta/label-selector';
export { cIdentifier, dns1035Label, dns1123Label, dns1123Subdomain, envVarName, labelValue, qualifiedName } from './meta/names';
export { bytes, milliCpu, milliValue, parseQuantity, quantityCheck } from './meta/quantity';
export type { BudgetCause, NamespaceCause, Status, StatusReason } from './meta/status';
export { alreadyExists, badRequest, conflict, forbidden, invalid, notFound, StatusError, statusError } from './meta/status';
export { compareKubeVersions } from './meta/version-priority';
export type { FieldPath, FieldSample, OpenApiSchema, Preferred } from './openapi';
export {
  allDefinitions,
  componentSchemas,
  definition,
  dotted,
  fieldSamples,
  KUBERNETES_VERSION,
  kindSchema,
  minimalObject,
  reachableDefinitions,
  schemaOf,
  valueAt,
  withField,
} from './openapi';
export { applyMergePatch } from './patch/json-merge-patch';
export type { JsonPatchOperation } from './patch/json-patch';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './patch/json-patch';
export { applyStrategicMergePatch } from './patch/strategic-merge-patch';
export type { ColumnDefinition, Printer } from './printing';
export { age, ageColumn, column, humanDuration, nameColumn, none, simplePrinter } from './printing';
export type { Cause, ListStrategy } from './schema';
export { ArraySchema, join, MapSchema, ObjectSchema, Schema } from './schema';
export type { Conversion, DeleteStrategy, KubeObject, ResourceStrategy, ScalePaths, Subresource, Verb } from './strategy';
export { apiVersionOf, defineResource, localConversion, subresource, VERBS } from './strategy';
export type { FieldValidation, ValidateOptions, ValidationResult } from './validate';
export { validate, validateOrThrow } from './validate';
