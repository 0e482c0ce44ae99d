// The audit record kube-apiserver writes: an `audit.k8s.io/v1` Event, one per request and stage,
// with the same fields, so tools that read kube-apiserver's audit logs read ours.
import type { Level, Stage } from '../policy/policy';

/** Empty (`{}`) when the request was refused before anyone authenticated it. */
export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

/** The response's code and, for failures, the Status' status, reason and message. */
export interface ResponseStatus {
  metadata: Record<string, never>;
  code: number;
  status?: string;
  reason?: string;
  message?: string;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: Level;
  auditID: string;
  stage: Stage;
  requestURI: string;
  verb: string;
  user: UserInfo;
  impersonatedUser?: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: ResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export const DECISION_ANNOTATION = 'authorization.k8s.io/decision';
export const REASON_ANNOTATION = 'authorization.k8s.io/reason';

/** RFC 3339 with microseconds, as Kubernetes' MicroTime ("2026-12-06T16:20:00.123456Z"). */
export function microTime(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  const iso = new Date(whole).toISOString(); // …T16:20:00.123Z
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** The Status fields of a failed response's body, if it is a Kubernetes Status. */
export function responseStatusOf(code: number, body: unknown): ResponseStatus {
  const status: ResponseStatus = { metadata: {}, code };
  if (code < 400 || typeof body !== 'object' || body === null || (body as { kind?: unknown }).kind !== 'Status') return status;
  const s = body as { status?: unknown; reason?: unknown; message?: unknown };
  if (typeof s.status === 'string') status.status = s.status;
  if (typeof s.reason === 'string' && s.reason) status.reason = s.reason;
  if (typeof s.message === 'string') status.message = s.message;
  return status;
}

/** A copy of an object (or of a list's items) without metadata.managedFields. */
export function withoutManagedFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const o = value as { metadata?: Record<string, unknown>; items?: unknown[] };
  let copy: typeof o = o;
  if (o.metadata && 'managedFields' in o.metadata) {
    const { managedFields: _dropped, ...metadata } = o.metadata;
    copy = { ...copy, metadata };
  }
  if (Array.isArray(o.items)) copy = { ...copy, items: o.items.map(withoutManagedFields) };
  return copy;
}
