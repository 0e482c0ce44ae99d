import { Schema } from './schema';
import { configMapSchema, namespaceSchema, secretSchema } from './core/config';
import { eventSchema, leaseSchema, nodeSchema } from './core/node';
import { podSchema } from './core/pod';
import { endpointsSchema, serviceSchema } from './core/service';
import { daemonSetSchema, deploymentSchema, replicaSetSchema } from './apps/workloads';
import { jobSchema } from './batch/job';

/** One served resource type: everything discovery, routing, storage and OpenAPI need to know. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in URLs and store keys, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: string[];
  schema: Schema<unknown>;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
export const VERBS = ALL_VERBS;

function resource(r: Omit<ResourceType, 'singular' | 'shortNames' | 'categories' | 'subresources'> & Partial<ResourceType>): ResourceType {
  return { singular: r.kind.toLowerCase(), shortNames: [], categories: [], subresources: [], ...r };
}

/** Every resource type Stevedore serves, in discovery order. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  resource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status'], schema: namespaceSchema }),
  resource({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
    subresources: ['status', 'log', 'binding', 'exec', 'eviction'], schema: podSchema }),
  resource({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status', 'proxy'], schema: nodeSchema }),
  resource({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], schema: eventSchema }),
  resource({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'], schema: configMapSchema }),
  resource({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, schema: secretSchema }),
  resource({ group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
    subresources: ['status'], schema: serviceSchema }),
  resource({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'], schema: endpointsSchema }),
  resource({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'],
    categories: ['all'], subresources: ['status', 'scale'], schema: deploymentSchema }),
  resource({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'],
    categories: ['all'], subresources: ['status', 'scale'], schema: replicaSetSchema }),
  resource({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'],
    categories: ['all'], subresources: ['status'], schema: daemonSetSchema }),
  resource({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'], subresources: ['status'], schema: jobSchema }),
  resource({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, schema: leaseSchema }),
];

export function apiVersionOf(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Finds a resource type by group and plural (URL form) or by apiVersion and kind (object form). */
export function findResource(group: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.plural === plural);
}

export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}
