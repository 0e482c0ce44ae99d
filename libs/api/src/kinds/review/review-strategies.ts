// The review kinds: create-only questions the server answers and never stores (who am I, may I,
// what may I, whose token is this). The API server answers them through the handlers it is given for these strategies.
import type {
  AuthenticationV1SelfSubjectReview,
  LocalSubjectAccessReview,
  SelfSubjectAccessReview,
  SelfSubjectRulesReview,
  SubjectAccessReview,
  TokenReview,
} from '../../generated/kubernetes-types';
import { defineResource } from '../../strategy';

const review = { verbs: ['create' as const], nameProblem: () => undefined };

export const selfSubjectReviews = defineResource<AuthenticationV1SelfSubjectReview>({
  ...review,
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectReview',
  plural: 'selfsubjectreviews',
  namespaced: false,
  definition: 'io.k8s.api.authentication.v1.SelfSubjectReview',
});

export const selfSubjectAccessReviews = defineResource<SelfSubjectAccessReview>({
  ...review,
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  namespaced: false,
  definition: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
});

export const selfSubjectRulesReviews = defineResource<SelfSubjectRulesReview>({
  ...review,
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectRulesReview',
  plural: 'selfsubjectrulesreviews',
  namespaced: false,
  definition: 'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
});

export const subjectAccessReviews = defineResource<SubjectAccessReview>({
  ...review,
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SubjectAccessReview',
  plural: 'subjectaccessreviews',
  namespaced: false,
  definition: 'io.k8s.api.authorization.v1.SubjectAccessReview',
});

export const localSubjectAccessReviews = defineResource<LocalSubjectAccessReview>({
  ...review,
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'LocalSubjectAccessReview',
  plural: 'localsubjectaccessreviews',
  namespaced: true,
  definition: 'io.k8s.api.authorization.v1.LocalSubjectAccessReview',
});

export const tokenReviews = defineResource<TokenReview>({
  ...review,
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'TokenReview',
  plural: 'tokenreviews',
  namespaced: false,
  definition: 'io.k8s.api.authentication.v1.TokenReview',
});
