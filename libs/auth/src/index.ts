// Public API of @stevedore/auth: who a request comes from (ServiceAccount tokens, users) and what
// it may do (RBAC), as kube-apiserver's authenticators and authorizer decide.

export type { Credentials, StaticToken } from './authn/authenticator';
export { Authenticator, bearerToken } from './authn/authenticator';
export type { Impersonation } from './authn/impersonation';
export { impersonationOf } from './authn/impersonation';
export { tokenReview } from './authn/token-review';
export type { ExistingPod, LevelVersion, NamespacePolicy, PodSecurityDecision, PodView, Violation } from './podsecurity';
export {
  AUDIT_VIOLATIONS_ANNOTATION,
  decide as decidePodSecurity,
  evaluatePod,
  existingPodWarnings,
  podTemplateOf,
  policyOf as podSecurityPolicyOf,
  policyString,
  sameLevelVersion,
} from './podsecurity';
export type { Attributes } from './rbac/attributes';
export { requestAttributes } from './rbac/attributes';
export { DEFAULT_ROLE_BINDINGS, DEFAULT_ROLES } from './rbac/default-namespace-roles';
export { DEFAULT_CLUSTER_ROLE_BINDINGS, DEFAULT_CLUSTER_ROLES } from './rbac/default-roles';
export { uncoveredRules } from './rbac/escalation';
export { forbiddenMessage } from './rbac/forbidden-message';
export type { Decision, RbacObjects } from './rbac/rbac-authorizer';
export { RbacAuthorizer, subjectMatches } from './rbac/rbac-authorizer';
export { ruleAllows } from './rbac/rule-matches';
export { accessReview, attributesOfSpec, rulesReview, selfSubjectReview, subjectOf } from './reviews';
export { openidConfiguration } from './tokens/issuer-discovery';
export type { LegacyClaims, LegacyTokenInput } from './tokens/legacy-token-claims';
export { LEGACY_ISSUER, legacyClaims } from './tokens/legacy-token-claims';
export type { IssueRequest, UidLookup } from './tokens/service-account-tokens';
export { ServiceAccountTokens } from './tokens/service-account-tokens';
export type { BoundObject, ServiceAccountClaims, ServiceAccountRef } from './tokens/token-claims';
export {
  DEFAULT_EXPIRATION_SECONDS,
  grantedSeconds,
  MIN_EXPIRATION_SECONDS,
  serviceAccountClaims,
  tokenRequestProblems,
} from './tokens/token-claims';
export { TokenSigner } from './tokens/token-signer';
export type { User } from './user';
export {
  AUTHENTICATED,
  SERVICE_ACCOUNTS,
  SYSTEM_MASTERS,
  serviceAccountOf,
  serviceAccountUser,
  serviceAccountUserName,
  withAuthenticated,
} from './user';
