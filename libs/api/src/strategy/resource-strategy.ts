// A resource strategy holds everything kind-specific about one served kind, in the shape of
// Kubernetes' registry strategies (pkg/registry/<group>/<kind>/strategy.go): the generic
// registry, REST handler, discovery, OpenAPI and Table code read these and never branch on a
// kind's name. Each kind defines its strategy in its own folder under ../kinds.
import type { ObjectMeta } from '../generated/kubernetes-types';
import type { OpenApiSchema } from '../openapi/definitions';
import type { Printer } from '../printing';
import type { Cause, ObjectSchema } from '../schema';

/** What every stored object has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';
export const VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A subresource as discovery lists it: what it answers with and which verbs it takes. */
export interface Subresource {
  name: string;
  /** The kind it answers with; empty group, version and kind mean the resource's own. */
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** Where a kind's scale subresource finds its replicas: JSON paths such as `.spec.replicas`. */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  /** A string holding the pods' label selector in serialized form (a custom kind's status.selector). */
  labelSelectorPath?: string;
}

/** How the resource behaves on delete. */
export interface DeleteStrategy<T> {
  /** Grace period when the request gives none (0: removed at once unless it lingers). */
  defaultGraceSeconds(obj: T): number;
  /** On DELETE, the object stays marked deleting (not removed) until something else finishes it. */
  lingers(obj: T, graceSeconds: number): boolean;
  /** A deleting object with no finalizers left still waits for this (a pod, for its node to stop it). */
  awaitsTermination(obj: T): boolean;
  /** A reason this object may never be deleted (Kubernetes' protected namespaces), or undefined. */
  forbidden(obj: T): string | undefined;
  /** Changes made when the object is marked deleting (a Namespace turns Terminating). */
  markDeleting(obj: T): void;
}

/**
 * How an older version of a kind is served (autoscaling/v1 HorizontalPodAutoscalers, a custom
 * kind's other versions): each object is converted to the version that stores the kind on the
 * way in and back on the way out, as kube-apiserver converts through its internal version. The
 * calls are asynchronous because a custom kind's conversion may be a webhook over HTTPS; a
 * failed conversion rejects with a StatusError. Only the REST adapter and admission see these.
 */
export interface Conversion {
  /** The stored version's strategy: its defaults, rules and registry apply to every write. */
  storage: ResourceStrategy;
  toStorage(object: KubeObject): Promise<KubeObject>;
  fromStorage(object: KubeObject): Promise<KubeObject>;
  /** Many stored objects at once (a list's items): one webhook call, as kube-apiserver batches. */
  fromStorageList(objects: KubeObject[]): Promise<KubeObject[]>;
}

export interface ResourceStrategy<T extends KubeObject = KubeObject> {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in URLs and store keys, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly Verb[];
  subresources: readonly Subresource[];
  /** The Kubernetes OpenAPI definition of the kind, e.g. `io.k8s.api.core.v1.Pod`. */
  definition: string;
  /** Compiled from `definition` on first use. */
  readonly schema: ObjectSchema;
  /** Field selectors the list and watch verbs take besides metadata.name and metadata.namespace. */
  fieldSelectors: readonly string[];
  /** On an update of the main resource, `status` is kept as stored (it changes through /status only). */
  statusFromSubresourceOnly: boolean;
  printer: Printer<T>;
  delete: DeleteStrategy<T>;
  /** Fills in defaults in place, as kube-apiserver's defaulting does. */
  defaults(obj: T): void;
  /** Sets what the server owns on a new object (its initial status, say); runs after uid and defaults. */
  prepareForCreate(obj: T): void;
  /** Cross-field rules the schema cannot state, checked after defaulting; `old` on updates. */
  validate(obj: T, old?: T): Cause[];
  /** The name rule of metadata.name (a DNS subdomain unless a kind says otherwise). */
  nameProblem(name: string): string | undefined;
  /** The kind's OpenAPI schema when it is not among Kubernetes' definitions (a custom kind's). */
  openapi?: OpenApiSchema;
  /** Where /scale reads and writes; without it, spec.replicas, status.replicas and spec.selector. */
  scalePaths?: ScalePaths;
  /** Applied to every object read from storage (a custom kind's schema defaults); returns a copy when it changes it. */
  onRead?(obj: KubeObject): KubeObject;
  /** Set on a version served by conversion to and from the stored one. */
  conversion?: Conversion;
  /** Sent as a Warning with every request to this version (a deprecated version of a custom kind). */
  deprecationWarning?: string;
  /** No strategic merge patch (custom kinds have no patch strategies): 415, and OpenAPI does not offer it. */
  noStrategicMerge?: boolean;
  /** The kind's definition is being deleted: its objects are still served, but none is created. */
  terminating?: boolean;
}

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
