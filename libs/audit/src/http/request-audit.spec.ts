import { silentLogger } from '@stevedore/log';
import { newRegistry } from '@stevedore/metrics';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { Auditor } from '../auditor';
import type { AuditEvent } from '../event/audit-event';
import { AuditLog, type LineSink } from '../log/audit-log';
import { AuditMetrics } from '../log/audit-metrics';
import { parsePolicy } from '../policy/parse-policy';
import { currentRequestAudit, requestAudit } from './request-audit';

const POLICY = parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitManagedFields: true
rules:
  - { level: None, nonResourceURLs: [/healthz] }
  - { level: Metadata, resources: [{ group: "", resources: [secrets] }] }
  - { level: Request, resources: [{ group: "", resources: [configmaps] }], omitStages: [RequestReceived] }
  - { level: RequestResponse, resources: [{ group: "", resources: [pods, pods/log] }] }
`);

const events: AuditEvent[] = [];
const sink: LineSink = {
  write: async (data) =>
    void events.push(
      ...data
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ),
  close: async () => undefined,
};
const auditLog = new AuditLog(sink, { log: silentLogger, metrics: new AuditMetrics(newRegistry()) });
const auditor = new Auditor(POLICY, auditLog, new AuditMetrics(newRegistry()), silentLogger);

/** Authentication as the API's: X-User names the user; a path with "forbidden" is denied. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const audit = requestAudit(req)!;
  const send = (code: number, body: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const user = req.headers['x-user'];
  if (typeof user !== 'string')
    return send(401, { kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  audit.authenticated({ name: user, groups: ['system:authenticated'] });
  if (url.pathname.includes('forbidden')) {
    audit.authorized(false, '');
    return send(403, { kind: 'Status', status: 'Failure', message: 'pods "forbidden" is forbidden', reason: 'Forbidden', code: 403 });
  }
  audit.authorized(true, 'RBAC: allowed');
  // An admission step, deep in the call and past an await, annotates the request's event.
  if (url.searchParams.has('annotate'))
    await Promise.resolve().then(() => currentRequestAudit()?.annotate({ 'example.com/note': 'admitted' }));
  if (url.pathname.endsWith('/panic')) {
    audit.panicked(new Error('boom'));
    return send(500, { kind: 'Status', status: 'Failure', message: 'an error on the server', reason: 'InternalError', code: 500 });
  }
  let body = '';
  await new Promise((resolve) => setTimeout(resolve, 5)); // the body arrives before the handler reads it
  for await (const chunk of req) body += chunk;
  if (url.searchParams.get('watch') === 'true') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"type":"ADDED"}\n');
    return void setTimeout(() => res.end(), 20);
  }
  const object = body ? JSON.parse(body) : { kind: 'PodList', items: [{ metadata: { name: 'web', managedFields: [{}] } }] };
  send(req.method === 'POST' ? 201 : 200, {
    ...object,
    metadata: { ...object.metadata, uid: 'u-1', managedFields: [{ manager: 'kubectl' }] },
  });
}

describe('RequestAudit', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const middleware = auditor.middleware();
    server = createServer((req, res) => middleware(req, res, () => void handle(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    events.length = 0;
  });

  const call = async (path: string, init: RequestInit & { user?: string } = {}) => {
    const headers: Record<string, string> = { 'user-agent': 'kubectl/v1.32.0', 'content-type': 'application/json' };
    if (init.user) headers['x-user'] = init.user;
    const res = await fetch(`${base}${path}`, { ...init, headers });
    await res.text();
    await auditLog.flush();
    return res;
  };

  it('records a create at RequestResponse with both bodies, its Audit-ID and the authorization annotations', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: {} };
    const res = await call('/api/v1/namespaces/default/pods?fieldManager=kubectl', {
      method: 'POST',
      user: 'alice',
      body: JSON.stringify(pod),
    });
    const id = res.headers.get('audit-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.map((e) => e.stage)).toEqual(['RequestReceived', 'ResponseComplete']);
    const [received, complete] = events as [AuditEvent, AuditEvent];
    expect(received.requestObject).toBeUndefined();
    expect(complete).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'RequestResponse',
      auditID: id,
      requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl',
      verb: 'create',
      user: { username: 'alice', groups: ['system:authenticated'] },
      sourceIPs: ['127.0.0.1'],
      userAgent: 'kubectl/v1.32.0',
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 201 },
      requestObject: pod,
      responseObject: { kind: 'Pod', metadata: { name: 'web', uid: 'u-1' } },
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed' },
    });
    // omitManagedFields: true
    expect((complete.responseObject as { metadata: object }).metadata).not.toHaveProperty('managedFields');
    expect(complete.requestReceivedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(complete.stageTimestamp >= complete.requestReceivedTimestamp).toBe(true);
  });

  it('records a Secret at Metadata without its data in either direction', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' } };
    await call('/api/v1/namespaces/default/secrets', { method: 'POST', user: 'alice', body: JSON.stringify(secret) });
    expect(events.map((e) => [e.stage, e.level])).toEqual([
      ['RequestReceived', 'Metadata'],
      ['ResponseComplete', 'Metadata'],
    ]);
    expect(events[1]!.objectRef).toEqual({ resource: 'secrets', namespace: 'default', apiVersion: 'v1' });
    expect(JSON.stringify(events)).not.toContain('aHVudGVyMg==');
  });

  it("keeps the request body only at Request level, and honours a rule's omitStages", async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } };
    await call('/api/v1/namespaces/default/configmaps', { method: 'POST', user: 'alice', body: JSON.stringify(cm) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stage: 'ResponseComplete', level: 'Request', requestObject: cm });
    expect(events[0]!.responseObject).toBeUndefined();
  });

  it("records a denied request with the Status' code, reason and message", async () => {
    await call('/api/v1/namespaces/default/pods/forbidden', { user: 'bob' });
    expect(events[1]).toMatchObject({
      stage: 'ResponseComplete',
      verb: 'get',
      objectRef: { resource: 'pods', namespace: 'default', name: 'forbidden' },
      responseStatus: { code: 403, status: 'Failure', reason: 'Forbidden', message: 'pods "forbidden" is forbidden' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
  });

  it('records a failed login as one ResponseStarted event with an empty user', async () => {
    await call('/api/v1/namespaces/default/pods');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stage: 'ResponseStarted', user: {}, responseStatus: { code: 401, status: 'Failure' } });
  });

  it('records a watch refused for its credentials as one event', async () => {
    await call('/api/v1/namespaces/default/pods?watch=true');
    expect(events.map((e) => [e.stage, e.verb, e.responseStatus?.code])).toEqual([['ResponseStarted', 'watch', 401]]);
  });

  it('adds ResponseStarted for a watch and records no body of it', async () => {
    await call('/api/v1/namespaces/default/pods?watch=true', { user: 'alice' });
    expect(events.map((e) => [e.stage, e.verb, e.responseStatus?.code])).toEqual([
      ['RequestReceived', 'watch', undefined],
      ['ResponseStarted', 'watch', 200],
      ['ResponseComplete', 'watch', 200],
    ]);
    expect(events[2]!.responseObject).toBeUndefined();
  });

  it('records an unexpected handler error as Panic instead of ResponseComplete', async () => {
    await call('/api/v1/namespaces/default/pods/panic', { user: 'alice' });
    expect(events.map((e) => e.stage)).toEqual(['RequestReceived', 'Panic']);
    expect(events[1]!.responseStatus).toEqual({ metadata: {}, code: 500, status: 'Failure', message: "APIServer panic'd: boom" });
  });

  it('lets code serving the request annotate its event through the async context', async () => {
    await call('/api/v1/namespaces/default/pods?annotate', { user: 'alice' });
    expect(events[1]!.annotations).toEqual({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed',
      'example.com/note': 'admitted',
    });
    expect(currentRequestAudit()).toBeUndefined();
  });

  it('keeps an ID the client sent and records nothing at level None', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { 'x-user': 'alice', 'audit-id': 'client-chosen-1' } });
    await res.text();
    await auditLog.flush();
    expect(res.headers.get('audit-id')).toBe('client-chosen-1');
    expect(events).toEqual([]);
  });
});
