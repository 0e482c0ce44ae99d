// Who a request comes from, as kube-apiserver's authenticators describe a user: a name, an
// optional uid, groups and extra attributes. Authorization reads only these.

export interface User {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The group whose members every authorizer allows everything, as in Kubernetes. */
export const SYSTEM_MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const SERVICE_ACCOUNTS = 'system:serviceaccounts';
const SA_PREFIX = 'system:serviceaccount:';

/** `system:authenticated` is added to every authenticated user's groups, once. */
export function withAuthenticated(user: User): User {
  return user.groups.includes(AUTHENTICATED) ? user : { ...user, groups: [...user.groups, AUTHENTICATED] };
}

export function serviceAccountUserName(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a ServiceAccount user, or undefined for any other user. */
export function serviceAccountOf(userName: string): { namespace: string; name: string } | undefined {
  if (!userName.startsWith(SA_PREFIX)) return undefined;
  const [namespace, name, ...rest] = userName.slice(SA_PREFIX.length).split(':');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

export function serviceAccountUser(namespace: string, name: string, uid?: string): User {
  return {
    name: serviceAccountUserName(namespace, name),
    uid,
    groups: [SERVICE_ACCOUNTS, `${SERVICE_ACCOUNTS}:${namespace}`, AUTHENTICATED],
  };
}
