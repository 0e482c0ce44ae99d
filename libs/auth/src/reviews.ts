// Answers to the review kinds: who am I (SelfSubjectReview), may this user do that
// (SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview) and what may I do here
// (SelfSubjectRulesReview), computed by the same authorizer that guards requests.
import type { ResourceAttributes, SubjectAccessReviewSpec } from '@stevedore/api';
import type { Attributes } from './rbac/attributes';
import type { RbacAuthorizer } from './rbac/rbac-authorizer';
import type { User } from './user';

interface ReviewBody {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: SubjectAccessReviewSpec & { namespace?: string };
}

export function selfSubjectReview(user: User): Record<string, unknown> {
  const userInfo = {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
  };
  return { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo } };
}

export function attributesOfSpec(spec: SubjectAccessReviewSpec | undefined, namespace?: string): Attributes {
  const r: ResourceAttributes | undefined = spec?.resourceAttributes;
  if (r)
    return {
      verb: r.verb ?? '',
      apiGroup: r.group ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource || undefined,
      name: r.name || undefined,
      namespace: namespace ?? (r.namespace || undefined),
      path: '',
    };
  return { verb: spec?.nonResourceAttributes?.verb ?? '', apiGroup: '', path: spec?.nonResourceAttributes?.path ?? '' };
}

/** Answers an access review for `user` (the caller for the Self kind, the spec's subject otherwise). */
export function accessReview(rbac: RbacAuthorizer, body: ReviewBody, user: User, namespace?: string): Record<string, unknown> {
  const decision = rbac.authorize(user, attributesOfSpec(body.spec, namespace));
  return {
    ...body,
    metadata: { ...body.metadata, creationTimestamp: null },
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

/** The user a SubjectAccessReview asks about. */
export function subjectOf(spec: SubjectAccessReviewSpec | undefined): User {
  return { name: spec?.user ?? '', uid: spec?.uid, groups: spec?.groups ?? [], extra: spec?.extra };
}

export function rulesReview(rbac: RbacAuthorizer, body: ReviewBody, user: User): Record<string, unknown> {
  const rules = rbac.rulesFor(user, body.spec?.namespace || undefined);
  const resourceRules = rules
    .filter((r) => r.resources?.length)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
    }));
  const nonResourceRules = rules
    .filter((r) => r.nonResourceURLs?.length)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] }));
  return {
    ...body,
    metadata: { ...body.metadata, creationTimestamp: null },
    status: { resourceRules, nonResourceRules, incomplete: false },
  };
}
