// Pod Security Standards, as Kubernetes' PodSecurity admission plugin applies them: pure checks
// of a pod spec against a level and version, and the decision for a namespace's policy.
export type { Check } from './check';
export type { ExistingPod, PodSecurityDecision } from './decide';
export { AUDIT_VIOLATIONS_ANNOTATION, decide, ENFORCE_POLICY_ANNOTATION, existingPodWarnings } from './decide';
export type { PodView, Violation } from './describe';
export { CHECKS, checksFor, evaluatePod, violationsText } from './evaluate';
export { podTemplateOf } from './pod-templates';
export type { LabelError, Level, LevelVersion, Mode, NamespacePolicy } from './policy';
export { LATEST_MINOR, levelLabel, policyOf, policyString, sameLevelVersion, versionLabel } from './policy';
