// Who may do what: the ServiceAccount token signer, the authenticator (client certificates, the
// admin token, ServiceAccount tokens), the RBAC authorizer over informer caches, the answers to
// TokenRequests and reviews, and the default roles every cluster starts with.
import {
  type ClusterRole,
  type ClusterRoleBinding,
  clusterRoleBindings,
  clusterRoles,
  ignoring,
  isAlreadyExists,
  isNotFound,
  type KubeObject,
  localSubjectAccessReviews,
  pods,
  type Role,
  type RoleBinding,
  roleBindings,
  roles,
  secrets,
  selfSubjectAccessReviews,
  selfSubjectReviews,
  selfSubjectRulesReviews,
  serviceAccounts,
  subjectAccessReviews,
  tokenReviews,
} from '@stevedore/api';
import type { Answer, Answers, ObjectRegistry } from '@stevedore/apiserver';
import {
  Authenticator,
  accessReview,
  DEFAULT_CLUSTER_ROLE_BINDINGS,
  DEFAULT_CLUSTER_ROLES,
  DEFAULT_ROLE_BINDINGS,
  DEFAULT_ROLES,
  RbacAuthorizer,
  rulesReview,
  ServiceAccountTokens,
  SYSTEM_MASTERS,
  selfSubjectReview,
  subjectOf,
  TokenSigner,
  tokenReview,
  type UidLookup,
  type User,
} from '@stevedore/auth';
import { Informer } from '@stevedore/controllers';
import { ensureToken } from '@stevedore/pki';
import type { Store } from '@stevedore/store';
import * as path from 'path';
import { bindingEscalation, roleEscalation } from './escalation-admission';
import { tokenRequests } from './token-requests';

export interface IdentityInformers {
  roles: Informer<Role>;
  clusterRoles: Informer<ClusterRole>;
  roleBindings: Informer<RoleBinding>;
  clusterRoleBindings: Informer<ClusterRoleBinding>;
}

export interface ClusterIdentity {
  issuer: string;
  signer: TokenSigner;
  tokens: ServiceAccountTokens;
  rbac: RbacAuthorizer;
  answers: Answers;
  informers: IdentityInformers;
  /** The authenticator for the API, given the admin's static token. */
  authenticator(adminToken: string): Authenticator;
}

export function identityInformers(store: Store): IdentityInformers {
  return {
    roles: new Informer(store, roles),
    clusterRoles: new Informer(store, clusterRoles),
    roleBindings: new Informer(store, roleBindings),
    clusterRoleBindings: new Informer(store, clusterRoleBindings),
  };
}

/** Creates the default (Cluster)Roles and bindings that are missing; never overwrites an edited one. */
export async function ensureDefaultRbac(registry: ObjectRegistry): Promise<void> {
  for (const role of DEFAULT_CLUSTER_ROLES) await registry.create(clusterRoles, undefined, role).catch(ignoring(isAlreadyExists));
  for (const b of DEFAULT_CLUSTER_ROLE_BINDINGS) await registry.create(clusterRoleBindings, undefined, b).catch(ignoring(isAlreadyExists));
  for (const role of DEFAULT_ROLES) await registry.create(roles, role.metadata.namespace, role).catch(ignoring(isAlreadyExists));
  for (const b of DEFAULT_ROLE_BINDINGS) await registry.create(roleBindings, b.metadata.namespace, b).catch(ignoring(isAlreadyExists));
}

/** A live object's uid from an informer, falling back on the store for one created a moment ago. */
function uidLookup(registry: ObjectRegistry, cached: { serviceAccounts: Informer<KubeObject>; pods: Informer<KubeObject> }): UidLookup {
  return async (kind, namespace, name) => {
    const informer = kind === 'ServiceAccount' ? cached.serviceAccounts : kind === 'Pod' ? cached.pods : undefined;
    const resource = kind === 'ServiceAccount' ? serviceAccounts : kind === 'Pod' ? pods : secrets;
    const object = informer?.get(namespace, name) ?? (await registry.get(resource, namespace, name).catch(ignoring(isNotFound)));
    return object?.metadata.uid;
  };
}

export async function startIdentity(
  registry: ObjectRegistry,
  pkiDir: string,
  issuer: string,
  informers: IdentityInformers & { serviceAccounts: Informer<KubeObject>; pods: Informer<KubeObject> },
): Promise<ClusterIdentity> {
  await ensureDefaultRbac(registry);
  const signer = await TokenSigner.open(path.join(pkiDir, 'sa.key'));
  const tokens = new ServiceAccountTokens(signer, issuer, uidLookup(registry, informers));
  const rbac = new RbacAuthorizer({
    role: (ns, name) => informers.roles.get(ns, name),
    clusterRole: (name) => informers.clusterRoles.get(undefined, name),
    roleBindings: (ns) => informers.roleBindings.list((b) => b.metadata.namespace === ns),
    clusterRoleBindings: () => informers.clusterRoleBindings.list(),
  });
  registry.admission.add(roleEscalation(rbac, roles), { resources: [roles] });
  registry.admission.add(roleEscalation(rbac, clusterRoles), { resources: [clusterRoles] });
  registry.admission.add(bindingEscalation(rbac, roleBindings), { resources: [roleBindings] });
  registry.admission.add(bindingEscalation(rbac, clusterRoleBindings), { resources: [clusterRoleBindings] });
  const authenticator = (adminToken: string) =>
    new Authenticator([{ token: adminToken, user: { name: 'admin', groups: [SYSTEM_MASTERS] } }], tokens);
  // TokenReviews accept what requests do, the admin's static token included (read once, when first asked).
  let tokenReviewer: Promise<Authenticator> | undefined;
  const reviewer = () => (tokenReviewer ??= ensureToken(path.join(pkiDir, 'admin.token')).then(authenticator));
  type Body = Parameters<typeof accessReview>[1];
  const asker = (user: User | undefined): User => user ?? { name: 'system:anonymous', groups: ['system:unauthenticated'] };
  const reviews = new Map<typeof roles | typeof selfSubjectReviews, Answer>([
    [selfSubjectReviews, async (_body, user) => selfSubjectReview(asker(user))],
    [selfSubjectAccessReviews, async (body, user) => accessReview(rbac, body as Body, asker(user))],
    [selfSubjectRulesReviews, async (body, user) => rulesReview(rbac, body as Body, asker(user))],
    [subjectAccessReviews, async (body) => accessReview(rbac, body as Body, subjectOf((body as Body).spec))],
    [localSubjectAccessReviews, async (body, _user, ns) => accessReview(rbac, body as Body, subjectOf((body as Body).spec), ns)],
    [tokenReviews, async (body) => tokenReview(await reviewer(), issuer, body)],
  ]);
  return {
    issuer,
    signer,
    tokens,
    rbac,
    informers,
    answers: { tokenRequest: tokenRequests(registry, tokens), reviews: reviews as Answers['reviews'] },
    authenticator,
  };
}
