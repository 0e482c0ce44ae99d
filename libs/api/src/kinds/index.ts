// Every kind Stevedore serves, in discovery order: adding a kind is one folder beside these and
// one line here (see the lib's README).
import type { ResourceStrategy } from '../strategy';
import { apiServices } from './apiservice/apiservice-strategy';
import { clusterRoles } from './clusterrole/clusterrole-strategy';
import { clusterRoleBindings } from './clusterrolebinding/clusterrolebinding-strategy';
import { configMaps } from './configmap/configmap-strategy';
import { controllerRevisions } from './controllerrevision/controller-revision-strategy';
import { cronJobs } from './cronjob/cronjob-strategy';
import { customResourceDefinitions } from './customresourcedefinition/crd-strategy';
import { daemonSets } from './daemonset/daemonset-strategy';
import { deployments } from './deployment/deployment-strategy';
import { endpoints } from './endpoints/endpoints-strategy';
import { endpointSlices } from './endpointslice/endpointslice-strategy';
import { events } from './event/event-strategy';
import { horizontalPodAutoscalers } from './horizontalpodautoscaler/hpa-strategy';
import { horizontalPodAutoscalersV1 } from './horizontalpodautoscaler/hpa-v1-strategy';
import { ingresses } from './ingress/ingress-strategy';
import { ingressClasses } from './ingressclass/ingress-class-strategy';
import { jobs } from './job/job-strategy';
import { leases } from './lease/lease-strategy';
import { limitRanges } from './limitrange/limitrange-strategy';
import { mutatingWebhookConfigurations } from './mutatingwebhookconfiguration/mutating-webhook-configuration-strategy';
import { namespaces } from './namespace/namespace-strategy';
import { networkPolicies } from './networkpolicy/networkpolicy-strategy';
import { nodes } from './node/node-strategy';
import { persistentVolumes } from './persistentvolume/pv-strategy';
import { persistentVolumeClaims } from './persistentvolumeclaim/pvc-strategy';
import { pods } from './pod/pod-strategy';
import { podDisruptionBudgets } from './poddisruptionbudget/pdb-strategy';
import { priorityClasses } from './priorityclass/priority-class-strategy';
import { replicaSets } from './replicaset/replicaset-strategy';
import { resourceQuotas } from './resourcequota/resourcequota-strategy';
import {
  localSubjectAccessReviews,
  selfSubjectAccessReviews,
  selfSubjectReviews,
  selfSubjectRulesReviews,
  subjectAccessReviews,
} from './review/review-strategies';
import { roles } from './role/role-strategy';
import { roleBindings } from './rolebinding/rolebinding-strategy';
import { secrets } from './secret/secret-strategy';
import { services } from './service/service-strategy';
import { serviceAccounts } from './serviceaccount/serviceaccount-strategy';
import { statefulSets } from './statefulset/statefulset-strategy';
import { storageClasses } from './storageclass/storage-class-strategy';
import { validatingWebhookConfigurations } from './validatingwebhookconfiguration/validating-webhook-configuration-strategy';

export const RESOURCES: readonly ResourceStrategy[] = [
  namespaces,
  pods,
  nodes,
  events,
  configMaps,
  secrets,
  services,
  endpoints,
  deployments,
  replicaSets,
  daemonSets,
  statefulSets,
  controllerRevisions,
  jobs,
  cronJobs,
  horizontalPodAutoscalers,
  leases,
  podDisruptionBudgets,
  priorityClasses,
  persistentVolumes,
  persistentVolumeClaims,
  storageClasses,
  endpointSlices,
  networkPolicies,
  ingresses,
  ingressClasses,
  serviceAccounts,
  roles,
  clusterRoles,
  roleBindings,
  clusterRoleBindings,
  selfSubjectReviews,
  selfSubjectAccessReviews,
  selfSubjectRulesReviews,
  subjectAccessReviews,
  localSubjectAccessReviews,
  customResourceDefinitions,
  limitRanges,
  resourceQuotas,
  validatingWebhookConfigurations,
  mutatingWebhookConfigurations,
  apiServices,
];

/** Kinds answered, not stored: the server's review handlers take their create requests. */
export const REVIEWS: readonly ResourceStrategy[] = [
  selfSubjectReviews,
  selfSubjectAccessReviews,
  selfSubjectRulesReviews,
  subjectAccessReviews,
  localSubjectAccessReviews,
];

/**
 * Older versions still served, each converted to and from its kind's stored version above
 * (discovery lists them after it, so the stored version stays the preferred one).
 */
export const CONVERTED_VERSIONS: readonly ResourceStrategy[] = [horizontalPodAutoscalersV1];

export { apiServiceGroupVersion, apiServices, availableCondition } from './apiservice/apiservice-strategy';
export { cronSchedule, isKnownTimeZone, scheduleProblem } from './cronjob/cron-schedule';
export { cronJobs } from './cronjob/cronjob-strategy';
export type { ConversionReview } from './customresourcedefinition/conversion-review';
export { CLEANUP_FINALIZER } from './customresourcedefinition/crd-strategy';
export { customResourceStrategies } from './customresourcedefinition/custom-resource-strategy';
export type { ConversionWebhookTransport } from './customresourcedefinition/webhook-conversion';
export { MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './endpointslice/endpointslice-strategy';
export { admitIngress, ingressClassOf, LEGACY_CLASS_ANNOTATION } from './ingress/ingress-admission';
export { PATH_TYPES } from './ingress/ingress-validation';
export {
  DEFAULT_INGRESS_CLASS_ANNOTATION,
  defaultIngressClass,
  isDefaultIngressClass,
} from './ingressclass/ingress-class-strategy';
export { applyLimitRangeDefaults, claimLimitProblems, LIMIT_RANGER_ANNOTATION, podLimitProblems } from './limitrange/limit-ranger';
export { NAMESPACE_NAME_LABEL } from './namespace/namespace-strategy';
export { accessModesText } from './persistentvolume/access-modes';
export { volumeSources } from './persistentvolume/pv-validation';
export { admitClaim, admitVolume, defaultStorageClass } from './persistentvolumeclaim/claim-admission';
export {
  claimClass,
  claimRequest,
  findVolumeForClaim,
  LOCAL_PATH_PROVISIONER,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
  refersToClaim,
  VOLUME_ANNOTATIONS,
  volumeFitsClaim,
} from './persistentvolumeclaim/volume-matching';
export { podStatus } from './pod/pod-printer';
export { admitPodPriority, keepPodPriority, type PriorityClassLookup } from './pod/pod-priority';
export { defaultPodSpec, defaultPullPolicy } from './pod/pod-spec-defaults';
export { isSchedulingGated } from './pod/scheduling-gates';
export { pdbSelects } from './poddisruptionbudget/pdb-selects';
export { globalDefaultConflict } from './priorityclass/global-default';
export {
  DEFAULT_PREEMPTION_POLICY,
  HIGHEST_USER_PRIORITY,
  SYSTEM_PRIORITY_CLASSES,
} from './priorityclass/priority-class-values';
export { chargeQuota, podQuotaConstraints, type QuotaCharge } from './resourcequota/quota-charge';
export { formatUsage } from './resourcequota/quota-quantity';
export { QUOTA_SCOPES, quotaSelects } from './resourcequota/quota-scopes';
export { countName, objectUsage, podCounts, type QuotaResource, sumUsage, type Usage } from './resourcequota/quota-usage';
export { bindingPrinter, rolePrinter } from './role/rbac-printers';
export {
  API_ACCESS_VOLUME_PREFIX,
  admitPodServiceAccount,
  PROJECTED_TOKEN_SECONDS,
  randomSuffix,
  SERVICE_ACCOUNT_MOUNT_PATH,
  serviceAccountNameOf,
} from './serviceaccount/pod-service-account';
export { DEFAULT_CLASS_ANNOTATION, isDefaultClass } from './storageclass/storage-class-strategy';
export {
  clusterRoleBindings,
  clusterRoles,
  configMaps,
  controllerRevisions,
  customResourceDefinitions,
  daemonSets,
  deployments,
  endpointSlices,
  endpoints,
  events,
  horizontalPodAutoscalers,
  ingressClasses,
  ingresses,
  jobs,
  leases,
  limitRanges,
  localSubjectAccessReviews,
  mutatingWebhookConfigurations,
  namespaces,
  networkPolicies,
  nodes,
  persistentVolumeClaims,
  persistentVolumes,
  podDisruptionBudgets,
  pods,
  priorityClasses,
  replicaSets,
  resourceQuotas,
  roleBindings,
  roles,
  secrets,
  selfSubjectAccessReviews,
  selfSubjectReviews,
  selfSubjectRulesReviews,
  serviceAccounts,
  services,
  statefulSets,
  storageClasses,
  subjectAccessReviews,
  validatingWebhookConfigurations,
};
