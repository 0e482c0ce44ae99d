// One request's audit trail. Started before authentication; the API's auth step tells it who the
// user is (then the policy gives the level and RequestReceived is written) and what authorization
// decided; the response's headers write ResponseStarted for watches and streams, its end
// ResponseComplete, and an unexpected handler error Panic instead.
import { requestAttributes, type User } from '@stevedore/auth';
import { AsyncLocalStorage } from 'async_hooks';
import type { IncomingMessage, ServerResponse } from 'http';
import {
  type AuditEvent,
  DECISION_ANNOTATION,
  microTime,
  REASON_ANNOTATION,
  responseStatusOf,
  type UserInfo,
  withoutManagedFields,
} from '../event/audit-event';
import { objectRefOf } from '../event/object-ref';
import type { AuditLog } from '../log/audit-log';
import type { AuditMetrics } from '../log/audit-metrics';
import { levelAtLeast, type Policy, type RequestPolicy, type Stage } from '../policy/policy';
import { type PolicyAttributes, policyFor } from '../policy/policy-checker';
import { type Capture, captureRequest, captureResponse } from './body-capture';
import { parseBody, sourceIPs } from './request-facts';

export interface AuditBackend {
  policy: Policy;
  log: AuditLog;
  metrics: AuditMetrics;
}

const LONG_RUNNING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy', 'log']);
const audits = new WeakMap<IncomingMessage, RequestAudit>();

// Admission steps deep in the registry have no request at hand; the trail follows the request's
// async context to them, as kube-apiserver's audit context rides on the request's context.
const current = new AsyncLocalStorage<RequestAudit>();

/** The audit trail of a request, if auditing is on. */
export function requestAudit(req: IncomingMessage): RequestAudit | undefined {
  return audits.get(req);
}

/** The trail of the request being served in this async context (admission steps use it to annotate). */
export function currentRequestAudit(): RequestAudit | undefined {
  return current.getStore();
}

/** Runs `serve` (and all it awaits) with `audit` as the current trail. */
export function withRequestAudit<T>(audit: RequestAudit | undefined, serve: () => T): T {
  return audit ? current.run(audit, serve) : serve();
}

const now = () => performance.timeOrigin + performance.now();
const userInfo = (u: User): UserInfo => ({
  username: u.name,
  ...(u.uid ? { uid: u.uid } : {}),
  groups: u.groups,
  ...(u.extra ? { extra: u.extra } : {}),
});

export class RequestAudit {
  private readonly attributes: PolicyAttributes;
  private readonly base: Omit<AuditEvent, 'level' | 'stage' | 'stageTimestamp' | 'user'>;
  private readonly longRunning: boolean;
  private readonly requestBody: Capture;
  private readonly responseBody: Capture;
  private policy?: RequestPolicy;
  private user?: UserInfo;
  private impersonated?: UserInfo;
  private annotations?: Record<string, string>;
  private started = false;
  private done = false;

  constructor(
    private readonly backend: AuditBackend,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    url: URL,
    auditID: string,
  ) {
    this.attributes = requestAttributes(req.method ?? 'GET', url);
    this.longRunning = this.attributes.verb === 'watch' || LONG_RUNNING_SUBRESOURCES.has(this.attributes.subresource ?? '');
    this.base = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      auditID,
      requestURI: req.url ?? '/',
      verb: this.attributes.verb,
      sourceIPs: sourceIPs(req),
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      ...(this.attributes.resource !== undefined ? { objectRef: objectRefOf(this.attributes) } : {}),
      requestReceivedTimestamp: microTime(now()),
    };
    this.requestBody = captureRequest(req);
    this.responseBody = captureResponse(res, () => this.wantsResponseBody(res.statusCode));
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const out = writeHead(...args);
      // Once, and only for a user's request: a refused login has its own single event.
      if (this.longRunning && this.user && !this.started) {
        this.started = true;
        this.emit('ResponseStarted', res.statusCode);
      }
      return out;
    }) as ServerResponse['writeHead'];
    res.once('finish', () => this.complete(res.statusCode));
    res.once('close', () => this.complete(res.statusCode));
    audits.set(req, this);
  }

  /** The authenticated user (before impersonation): the policy is matched against it, as kube-apiserver does. */
  authenticated(user: User): void {
    this.user = userInfo(user);
    this.decide({ ...this.attributes, user });
    this.emit('RequestReceived');
  }

  impersonating(user: User): void {
    this.impersonated = userInfo(user);
  }

  authorized(allowed: boolean, reason: string): void {
    this.annotate({ [DECISION_ANNOTATION]: allowed ? 'allow' : 'forbid', [REASON_ANNOTATION]: reason });
  }

  /** Adds annotations to the events still to come (e.g. `pod-security.kubernetes.io/audit-violations`). */
  annotate(annotations: Record<string, string>): void {
    this.annotations = { ...this.annotations, ...annotations };
  }

  /** The handler failed unexpectedly: a Panic event replaces ResponseComplete. */
  panicked(err: unknown): void {
    this.emit('Panic', 500, `APIServer panic'd: ${(err as Error)?.message ?? String(err)}`);
    this.done = true;
  }

  private decide(a: PolicyAttributes): RequestPolicy {
    if (this.policy) return this.policy;
    const policy = policyFor(this.backend.policy, a);
    this.policy = policy;
    this.backend.metrics.levels.inc({ level: policy.level });
    if (!levelAtLeast(policy.level, 'Request')) this.requestBody.stop();
    return policy;
  }

  private wantsResponseBody(code: number): boolean {
    // Failures' Status gives responseStatus its message at every level; streams' bodies are never kept.
    if (code >= 400) return true;
    return !this.longRunning && !!this.policy && levelAtLeast(this.policy.level, 'RequestResponse');
  }

  private complete(code: number): void {
    if (this.done) return;
    this.done = true;
    audits.delete(this.req);
    // Refused before anyone knew the user: kube-apiserver records a failed login as one ResponseStarted event.
    if (!this.user && code === 401) return this.emit('ResponseStarted', code, 'Authentication failed');
    this.emit('ResponseComplete', code);
  }

  private emit(stage: Stage, code?: number, message?: string): void {
    const policy = this.decide(this.attributes);
    if (policy.level === 'None' || policy.omitStages.includes(stage)) return;
    const event: AuditEvent = {
      ...this.base,
      level: policy.level,
      stage,
      user: this.user ?? {},
      ...(this.impersonated ? { impersonatedUser: this.impersonated } : {}),
      stageTimestamp: microTime(now()),
      ...(this.annotations ? { annotations: this.annotations } : {}),
    };
    if (code !== undefined) this.addResponse(event, stage, code, message);
    this.backend.log.append(event);
  }

  private addResponse(event: AuditEvent, stage: Stage, code: number, message?: string): void {
    const final = stage === 'ResponseComplete' || stage === 'Panic';
    const response = final ? parseBody(this.responseBody.body(), this.responseType()) : undefined;
    event.responseStatus = responseStatusOf(code, response);
    if (message) Object.assign(event.responseStatus, { status: 'Failure', message });
    if (!final) return;
    const strip = (v: unknown) => (this.policy?.omitManagedFields ? withoutManagedFields(v) : v);
    if (levelAtLeast(event.level, 'Request')) {
      const body = parseBody(this.requestBody.body(), this.req.headers['content-type']);
      if (body !== undefined) event.requestObject = strip(body);
    }
    if (levelAtLeast(event.level, 'RequestResponse') && response !== undefined) event.responseObject = strip(response);
  }

  private responseType(): string | undefined {
    return this.res.getHeader('content-type')?.toString();
  }
}
