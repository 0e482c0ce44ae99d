// One write as the webhooks see it, and the AdmissionReview (admission.k8s.io/v1) request that
// describes it, with the fields kube-apiserver fills in.
import { apiVersionOf, type ResourceStrategy } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import { randomUUID } from 'crypto';
import type { ApiObject } from '../objects/api-object';
import type { SubresourceRequest } from '../registry/admission';
import type { WriteOptions } from '../registry/object-registry';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceStrategy;
  subresource?: string;
  namespace?: string;
  name: string;
  /** The new object (absent on DELETE). */
  object?: ApiObject;
  /** The stored object (UPDATE and DELETE). */
  oldObject?: ApiObject;
  dryRun: boolean;
  /** Who asks; the control plane's own writes have no user. */
  user?: User;
  /** The object's kind when it is not the resource's (a Scale, a PodExecOptions): never converted. */
  kind?: { group: string; version: string; kind: string };
}

/** Who the control plane's own writes (controllers, the scheduler) are made as. */
const CONTROL_PLANE_USER = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

const OPTIONS_KIND: Record<Operation, string> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
  CONNECT: 'ConnectOptions',
};

function userInfo(user: User | undefined): Record<string, unknown> {
  if (!user) return CONTROL_PLANE_USER;
  return { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) };
}

export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request: Record<string, unknown> & { uid: string };
}

/**
 * A new review for one call, describing the object as `as` (the version the webhook's rules
 * matched under matchPolicy Equivalent); requestKind stays the version the write came in as.
 * Each call gets its own uid
 * (the response must echo it).
 */
export function admissionReview(a: AdmissionAttributes, uid: string = randomUUID(), as: ResourceStrategy = a.resource): AdmissionReview {
  const { group, version, kind, plural } = as;
  const asked = a.resource;
  const options = { apiVersion: 'meta.k8s.io/v1', kind: OPTIONS_KIND[a.operation], ...(a.dryRun ? { dryRun: ['All'] } : {}) };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: a.kind ?? { group, version, kind },
      resource: { group, version, resource: plural },
      ...(a.subresource ? { subResource: a.subresource } : {}),
      requestKind: a.kind ?? { group: asked.group, version: asked.version, kind: asked.kind },
      requestResource: { group: asked.group, version: asked.version, resource: asked.plural },
      ...(a.subresource ? { requestSubResource: a.subresource } : {}),
      name: a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      operation: a.operation,
      userInfo: userInfo(a.user),
      object: a.object ?? null,
      oldObject: a.oldObject ?? null,
      dryRun: a.dryRun,
      options: a.operation === 'CONNECT' ? null : options,
    },
  };
}

export function attributesKey(a: AdmissionAttributes): string {
  return `${apiVersionOf(a.resource)} ${a.resource.plural} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;
}

/** A create's or update's attributes, as the registry's admission chain hands them over. */
export function writeAttributes(
  op: 'CREATE' | 'UPDATE',
  resource: ResourceStrategy,
  object: ApiObject,
  options: WriteOptions,
  old?: ApiObject,
): AdmissionAttributes {
  return {
    operation: op,
    resource,
    subresource: options.subresource,
    namespace: object.metadata.namespace,
    name: object.metadata.name ?? '',
    object,
    oldObject: old,
    dryRun: Boolean(options.dryRun),
    user: options.user,
  };
}

/** A subresource write's or a CONNECT's attributes (pods/status, deployments/scale, pods/exec). */
export function subresourceAttributes(resource: ResourceStrategy, request: SubresourceRequest, options: WriteOptions): AdmissionAttributes {
  return {
    ...request,
    resource,
    dryRun: Boolean(options.dryRun),
    user: options.user,
  };
}

/** A delete's attributes: the stored object is the old one and there is no new one. */
export function deleteAttributes(resource: ResourceStrategy, current: ApiObject, options: WriteOptions): AdmissionAttributes {
  return {
    operation: 'DELETE',
    resource,
    namespace: current.metadata.namespace,
    name: current.metadata.name ?? '',
    oldObject: current,
    dryRun: Boolean(options.dryRun),
    user: options.user,
  };
}
