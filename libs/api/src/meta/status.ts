import type { Cause } from '../schema';

/** The Kubernetes `Status` object every API error is returned as. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; causes?: (Cause | BudgetCause | NamespaceCause)[]; retryAfterSeconds?: number };
  code: number;
}

/** The cause an eviction refused by a PodDisruptionBudget carries: about no field, so without one. */
export interface BudgetCause {
  reason: 'DisruptionBudget';
  message: string;
  field?: never;
}

/** The cause NamespaceLifecycle gives when it refuses new content in a namespace being deleted. */
export interface NamespaceCause {
  reason: 'NamespaceTerminating';
  message: string;
  field: 'metadata.namespace';
}

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'TooManyRequests'
  | 'Timeout'
  | 'InternalError'
  | 'ServiceUnavailable'
  | '';

/** An error that carries its Status, so adapters can return it as is. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }
}

export function statusError(code: number, reason: StatusReason, message: string, details?: Status['details']): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/** 422 Invalid, with the message Kubernetes builds from the causes. */
export function invalid(kind: string, name: string, causes: Cause[], group = ''): StatusError {
  const list = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const summary = causes.length === 1 ? list : `[${list}]`;
  return statusError(422, 'Invalid', `${kind} "${name}" is invalid: ${summary}`, { name, group, kind, causes });
}

export function notFound(resource: string, name: string, group = ''): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  return statusError(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, name: string, group = ''): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  return statusError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(resource: string, name: string, why: string, group = ''): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  return statusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`, { name, group, kind: resource });
}

export function badRequest(message: string): StatusError {
  return statusError(400, 'BadRequest', message);
}

/** An admission plugin's 403 (kube-apiserver's NewForbidden): `pods "x" is forbidden: why`, several reasons bracketed. */
export function forbidden(resource: string, name: string | undefined, why: string | string[], group = ''): StatusError {
  name ??= '';
  const reasons = Array.isArray(why) ? why : [why];
  const text = reasons.length === 1 ? reasons[0] : `[${reasons.join(', ')}]`;
  const qualified = group ? `${resource}.${group}` : resource;
  return statusError(403, 'Forbidden', `${qualified} "${name}" is forbidden: ${text}`, { name, group, kind: resource });
}
