// kube-apiserver's audit policy (`audit.k8s.io/v1` Policy): an ordered list of rules, the first
// one matching a request deciding how much of it is recorded.

/** How much of a request an event records, from nothing to both bodies. */
export type Level = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export const LEVELS: readonly Level[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** When in a request's life an event is written. */
export type Stage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';
export const STAGES: readonly Stage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** Resources of one API group ('' is the core group); none listed means all of the group. */
export interface GroupResources {
  group: string;
  /** `pods`, `pods/log`, `*` (all, subresources too), `*\/scale`, `pods/*`. */
  resources: string[];
  /** Only these object names (needs at least one resource). */
  resourceNames: string[];
}

/** One rule; each list left empty matches anything. */
export interface PolicyRule {
  level: Level;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  /** '' matches cluster-scoped resources. */
  namespaces: string[];
  /** Paths outside the resource API; a trailing `*` matches any suffix. */
  nonResourceURLs: string[];
  omitStages: Stage[];
  omitManagedFields?: boolean;
}

export interface Policy {
  rules: PolicyRule[];
  omitStages: Stage[];
  omitManagedFields: boolean;
}

/** What the policy decides for one request. */
export interface RequestPolicy {
  level: Level;
  omitStages: Stage[];
  omitManagedFields: boolean;
}

/** Level `a` records at least as much as `b`. */
export function levelAtLeast(a: Level, b: Level): boolean {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b);
}
