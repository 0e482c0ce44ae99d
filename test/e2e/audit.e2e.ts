// The audit log with the real kubectl on the all-in-one cluster: a policy logging Secrets at
// Metadata and pods at RequestResponse; `kubectl create secret`, `kubectl run` and a request
// RBAC denies appear with their levels, codes and users, the secret's value nowhere in the file;
// `kubectl exec` is recorded through its upgrade; Pod Security's audit mode annotates the event;
// the Audit-ID header names the event; a bad policy stops the control plane naming the field.

import { makeTempDir, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CLI } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

const run = promisify(execFile);
jest.setTimeout(180_000);

const POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources: [{ group: "", resources: [secrets] }]
  - level: RequestResponse
    resources: [{ group: "", resources: [pods] }]
  - level: Metadata
    resources: [{ group: "", resources: [pods/exec] }]
  - level: None
`;
const SECRET_VALUE = 'hunter2-audit-s3cr3t';

interface Event {
  level: string;
  stage: string;
  auditID: string;
  verb: string;
  user: { username?: string };
  impersonatedUser?: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string; apiVersion?: string; subresource?: string };
  responseStatus?: { code: number; reason?: string; message?: string };
  requestObject?: { kind?: string; metadata?: { name?: string } };
  responseObject?: { kind?: string; metadata?: { name?: string } };
  annotations?: Record<string, string>;
}

describe('audit log', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let dir: string;
  let logPath: string;

  beforeAll(async () => {
    dir = await makeTempDir('stevedore-audit-');
    const policyFile = path.join(dir, 'policy.yaml');
    logPath = path.join(dir, 'log', 'audit.log');
    await fs.writeFile(policyFile, POLICY);
    setup = await startClusterWithImages(['--audit-policy-file', policyFile, '--audit-log-path', logPath]);
    cluster = setup.cluster;
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const readEvents = async (): Promise<Event[]> =>
    (await fs.readFile(logPath, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Event);
  /** The events matching `pick`, once the (buffered) log holds one at ResponseComplete. */
  const eventsOf = async (pick: (e: Event) => boolean): Promise<Event[]> => {
    let found: Event[] = [];
    await waitFor(
      async () => {
        found = (await readEvents()).filter(pick);
        return found.some((e) => e.stage === 'ResponseComplete');
      },
      { timeoutMs: 10_000, what: 'the audit events' },
    );
    return found;
  };

  it('logs a Secret at Metadata without its value', async () => {
    expect((await kubectl('create', 'secret', 'generic', 'db', `--from-literal=password=${SECRET_VALUE}`)).code).toBe(0);
    const events = await eventsOf((e) => e.objectRef?.resource === 'secrets' && e.verb === 'create');
    expect(events.map((e) => e.stage)).toEqual(['RequestReceived', 'ResponseComplete']);
    expect(events[1]).toMatchObject({
      level: 'Metadata',
      user: { username: 'admin' },
      objectRef: { resource: 'secrets', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      annotations: { 'authorization.k8s.io/decision': 'allow' },
    });
    expect(events[1]!.requestObject).toBeUndefined();
    const text = await fs.readFile(logPath, 'utf8');
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect((await fs.stat(logPath)).mode & 0o777).toBe(0o600);
  });

  it('logs kubectl run at RequestResponse with the pod sent and the pod stored', async () => {
    expect((await kubectl('run', 'web', `--image=${setup!.images.busybox}`, '--restart=Never', '--', 'sleep', '3600')).code).toBe(0);
    const events = await eventsOf((e) => e.objectRef?.resource === 'pods' && e.verb === 'create');
    const complete = events.find((e) => e.stage === 'ResponseComplete')!;
    expect(complete).toMatchObject({
      level: 'RequestResponse',
      objectRef: { resource: 'pods', namespace: 'default' },
      responseStatus: { code: 201 },
      requestObject: { kind: 'Pod', metadata: { name: 'web' } },
      responseObject: { kind: 'Pod', metadata: { name: 'web' } },
    });
  });

  it('logs kubectl exec as create on pods/exec, started at the 101 and completed when it ends', async () => {
    expect((await kubectl('wait', '--for=condition=Ready', 'pod/web', '--timeout=90s')).code).toBe(0);
    const exec = await kubectl('exec', 'web', '--', 'echo', 'audited');
    expect(exec.stdout.trim()).toBe('audited');
    const events = await eventsOf((e) => e.objectRef?.subresource === 'exec');
    expect(events.map((e) => [e.stage, e.level, e.verb, e.responseStatus?.code])).toEqual([
      ['RequestReceived', 'Metadata', 'create', undefined],
      ['ResponseStarted', 'Metadata', 'create', 101],
      ['ResponseComplete', 'Metadata', 'create', 101],
    ]);
    expect(events[2]!.objectRef).toMatchObject({ resource: 'pods', namespace: 'default', name: 'web', subresource: 'exec' });
  });

  it('logs a denied request with its 403, the impersonated user and the decision', async () => {
    const denied = await kubectl('--as', 'mallory', 'get', 'pods', '-v=8');
    expect(denied.stderr).toContain('User "mallory" cannot list resource "pods"');
    const events = await eventsOf((e) => e.impersonatedUser?.username === 'mallory' && e.verb === 'list');
    const complete = events.find((e) => e.stage === 'ResponseComplete')!;
    expect(complete).toMatchObject({
      level: 'RequestResponse',
      user: { username: 'admin' },
      responseStatus: { code: 403, reason: 'Forbidden' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
    expect(complete.responseStatus!.message).toContain('pods is forbidden: User "mallory" cannot list resource "pods"');
    // kubectl -v=8 prints the response headers: the Audit-ID names this very event.
    const ids = [...denied.stderr.matchAll(/Audit-Id: ([0-9a-f-]{36})/gi)].map((m) => m[1]);
    expect(ids).toContain(complete.auditID);
  });

  it("puts Pod Security's audit-mode violations on the pod's event", async () => {
    expect((await kubectl('create', 'namespace', 'audited')).code).toBe(0);
    expect((await kubectl('label', 'namespace', 'audited', 'pod-security.kubernetes.io/audit=baseline')).code).toBe(0);
    const created = await kubectl('run', 'priv', '-n', 'audited', '--image=busybox', '--privileged', '--dry-run=server', '--', 'true');
    expect(created.code).toBe(0);
    const events = await eventsOf((e) => e.objectRef?.namespace === 'audited' && e.objectRef.resource === 'pods' && e.verb === 'create');
    const complete = events.find((e) => e.stage === 'ResponseComplete')!;
    expect(complete.annotations?.['pod-security.kubernetes.io/audit-violations']).toContain('privileged');
  });

  it('refuses to start with a bad policy, naming the field', async () => {
    const bad = path.join(dir, 'bad-policy.yaml');
    await fs.writeFile(bad, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Everything\n    resource: [pods]\n');
    const started = await run(
      process.execPath,
      [
        CLI,
        'control-plane',
        '--data-dir',
        path.join(dir, 'refused'),
        '--audit-policy-file',
        bad,
        '--audit-log-path',
        '-',
        '--etcd-endpoints',
        'http://127.0.0.1:1',
      ],
      { timeout: 30_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(`Error: audit policy ${bad}: `);
    expect(started.stderr).toContain('rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata"');
    expect(started.stderr).toContain('rules[0].resource: Unknown field');
  });
});
