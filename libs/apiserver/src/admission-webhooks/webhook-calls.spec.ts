import { horizontalPodAutoscalers, type MutatingWebhook, pods, type StatusError, type ValidatingWebhook } from '@stevedore/api';
import { silentLogger } from '@stevedore/log';
import type { ApiObject } from '../objects/api-object';
import type { AdmissionAttributes } from './admission-attributes';
import { runMutatingWebhooks } from './mutating-webhooks';
import { jsonPatch, type RunningWebhook, startWebhookServer, type WebhookAnswer, type WebhookRequest } from './testing';
import { runValidatingWebhooks } from './validating-webhooks';
import type { WebhookCaller } from './webhook-call';
import type { WebhookSources } from './webhook-sources';

const servers: RunningWebhook[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(
  handler: (req: WebhookRequest) => WebhookAnswer | Promise<WebhookAnswer>,
  dnsNames?: string[],
): Promise<RunningWebhook> {
  const running = await startWebhookServer(handler, { dnsNames });
  servers.push(running);
  return running;
}

function webhook(name: string, running: RunningWebhook, extra: Partial<MutatingWebhook> = {}): MutatingWebhook {
  return {
    name,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    timeoutSeconds: 10,
    reinvocationPolicy: 'Never',
    clientConfig: { url: running.url(`/${name}`), caBundle: running.caBundle },
    rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    ...extra,
  };
}

function caller(mutating: MutatingWebhook[], validating: ValidatingWebhook[] = [], extra: Partial<WebhookSources> = {}): WebhookCaller {
  return {
    log: silentLogger,
    sources: {
      mutating: () => [{ metadata: { name: 'm' }, webhooks: mutating }],
      validating: () => [{ metadata: { name: 'v' }, webhooks: validating }],
      namespaceLabels: () => ({}),
      serviceAddress: () => undefined,
      ...extra,
    },
  };
}

function newPod(labels?: Record<string, string>): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'team', uid: 'u1', labels },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };
}

const create = (object: ApiObject, extra: Partial<AdmissionAttributes> = {}): AdmissionAttributes => ({
  operation: 'CREATE',
  resource: pods,
  namespace: 'team',
  name: 'web',
  object,
  dryRun: false,
  user: { name: 'alice', groups: ['dev', 'system:authenticated'] },
  ...extra,
});

async function statusOf(p: Promise<unknown>): Promise<{ code: number; message: string; reason: string }> {
  const err = (await p.then(
    () => undefined,
    (e) => e,
  )) as StatusError | undefined;
  if (!err?.status) throw new Error(`expected a Status error, got ${err}`);
  return { code: err.status.code, message: err.status.message, reason: err.status.reason };
}

const addLabel = (key: string, value: string) => ({
  allowed: true,
  ...jsonPatch([{ op: 'add', path: `/metadata/labels/${key}`, value }]),
});

describe('mutating webhooks', () => {
  it('sends an AdmissionReview as kube-apiserver does and applies the JSON Patch in place', async () => {
    const running = await server(() => ({ ...addLabel('injected', 'yes'), warnings: ['careful'] }));
    const pod = newPod({ app: 'web' });
    const warnings = await runMutatingWebhooks(caller([webhook('label.example.com', running)]), create(pod));
    expect(pod.metadata.labels).toEqual({ app: 'web', injected: 'yes' });
    expect(warnings).toEqual(['careful']);
    const { path, review } = running.received[0]!;
    expect(path).toBe('/label.example.com?timeout=10s');
    expect(review.apiVersion).toBe('admission.k8s.io/v1');
    expect(review.request).toMatchObject({
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      requestKind: { group: '', version: 'v1', kind: 'Pod' },
      name: 'web',
      namespace: 'team',
      operation: 'CREATE',
      userInfo: { username: 'alice', groups: ['dev', 'system:authenticated'] },
      object: { metadata: { name: 'web', labels: { app: 'web' } } },
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    });
    expect(review.request.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs webhooks in order, each on the object the last one left, and reinvokes IfNeeded ones', async () => {
    const seen: string[] = [];
    const running = await server(({ path, review }) => {
      const labels = review.request.object?.metadata.labels ?? {};
      seen.push(`${path.split('?')[0]} ${Object.keys(labels).sort().join(',')}`);
      if (path.startsWith('/first') && !labels.first) return addLabel('first', '1');
      if (path.startsWith('/second') && !labels.second) return addLabel('second', '2');
      return { allowed: true };
    });
    const pod = newPod({ app: 'web' });
    await runMutatingWebhooks(
      caller([webhook('first', running, { reinvocationPolicy: 'IfNeeded' }), webhook('second', running)]),
      create(pod),
    );
    expect(seen).toEqual(['/first app', '/second app,first', '/first app,first,second']);
    expect(pod.metadata.labels).toEqual({ app: 'web', first: '1', second: '2' });
    seen.length = 0;
    await runMutatingWebhooks(caller([webhook('first', running), webhook('second', running)]), create(newPod({ app: 'web' })));
    expect(seen).toHaveLength(2);
  });

  it('shows a webhook the version its rule names (Equivalent) and converts its patch back', async () => {
    const running = await server(() => ({ allowed: true, ...jsonPatch([{ op: 'replace', path: '/spec/maxReplicas', value: 7 }]) }));
    const hpa: ApiObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'team' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    };
    const rules = [{ operations: ['CREATE'], apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'] }];
    await runMutatingWebhooks(caller([webhook('v1.example.com', running, { rules })]), create(hpa, { resource: horizontalPodAutoscalers }));
    const request = running.received[0]!.review.request;
    expect(request.kind).toEqual({ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' });
    expect(request.requestKind).toEqual({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' });
    expect(request.object).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 50 } });
    expect(hpa).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { maxReplicas: 7, metrics: [{ type: 'Resource' }] } });
  });

  it('validates the mutated object again and stores nothing changed when it is invalid', async () => {
    const running = await server(() => ({
      allowed: true,
      ...jsonPatch([{ op: 'replace', path: '/spec/containers/0/name', value: 'Bad_Name' }]),
    }));
    const pod = newPod();
    const status = await statusOf(runMutatingWebhooks(caller([webhook('break.example.com', running)]), create(pod)));
    expect(status.code).toBe(422);
    expect(status.message).toContain('spec.containers[0].name');
    expect(pod.spec.containers[0].name).toBe('c');
  });

  it('refuses a patch of another type', async () => {
    const running = await server(() => ({ allowed: true, patchType: 'MergePatch', patch: 'e30=' }));
    const status = await statusOf(runMutatingWebhooks(caller([webhook('odd.example.com', running)]), create(newPod())));
    expect(status).toEqual({
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: failed calling webhook "odd.example.com": unsupported patch type "MergePatch"',
    });
  });
});

describe('validating webhooks', () => {
  it("refuses with the webhook's message and code (400 unless it gives one)", async () => {
    const running = await server(({ path }) => {
      if (path.startsWith('/plain')) return { allowed: false, status: { message: 'pods labelled deny are refused' } };
      if (path.startsWith('/coded')) return { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'not here' } };
      return { allowed: false };
    });
    expect(await statusOf(runValidatingWebhooks(caller([], [webhook('plain.example.com', running)]), create(newPod())))).toEqual({
      code: 400,
      reason: '',
      message: 'admission webhook "plain.example.com" denied the request: pods labelled deny are refused',
    });
    expect(await statusOf(runValidatingWebhooks(caller([], [webhook('coded.example.com', running)]), create(newPod())))).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'admission webhook "coded.example.com" denied the request: not here',
    });
    expect((await statusOf(runValidatingWebhooks(caller([], [webhook('bare.example.com', running)]), create(newPod())))).message).toBe(
      'admission webhook "bare.example.com" denied the request without explanation',
    );
  });

  it('asks every webhook at once and gathers their warnings', async () => {
    let inFlight = 0;
    let most = 0;
    const running = await server(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      return { allowed: true, warnings: ['w'] };
    });
    const warnings = await runValidatingWebhooks(
      caller([], [webhook('a.example.com', running), webhook('b.example.com', running)]),
      create(newPod()),
    );
    expect(warnings).toEqual(['w', 'w']);
    expect(most).toBe(2);
  });
});

describe('failure policy', () => {
  it('refuses with 500 under Fail and lets the write through under Ignore when the webhook is down', async () => {
    const running = await server(() => ({ allowed: false }));
    const hook = webhook('down.example.com', running);
    await running.close();
    const status = await statusOf(runValidatingWebhooks(caller([], [hook]), create(newPod())));
    expect(status).toEqual({
      code: 500,
      reason: 'InternalError',
      message: `Internal error occurred: failed calling webhook "down.example.com": failed to call webhook: Post "https://127.0.0.1:${running.port}/down.example.com?timeout=10s": dial tcp 127.0.0.1:${running.port}: connect: connection refused`,
    });
    await expect(runValidatingWebhooks(caller([], [{ ...hook, failurePolicy: 'Ignore' }]), create(newPod()))).resolves.toEqual([]);
    await expect(runMutatingWebhooks(caller([{ ...hook, failurePolicy: 'Ignore' }]), create(newPod()))).resolves.toEqual([]);
  });

  it('gives up after timeoutSeconds', async () => {
    const running = await server(() => 'hang');
    const started = Date.now();
    const status = await statusOf(
      runValidatingWebhooks(caller([], [webhook('slow.example.com', running, { timeoutSeconds: 1 })]), create(newPod())),
    );
    expect(status.message).toMatch(/failed calling webhook "slow.example.com": .*\?timeout=1s": context deadline exceeded$/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('trusts only the caBundle given', async () => {
    const running = await server(() => ({ allowed: true }));
    const other = await server(() => ({ allowed: true }));
    const hook = webhook('tls.example.com', running, { clientConfig: { url: running.url('/'), caBundle: other.caBundle } });
    expect((await statusOf(runValidatingWebhooks(caller([], [hook]), create(newPod())))).message).toContain(
      'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    );
  });

  it("refuses answers that are not the request's review", async () => {
    const running = await server(() => ({ allowed: true, uid: 'someone-else' }));
    expect((await statusOf(runValidatingWebhooks(caller([], [webhook('uid.example.com', running)]), create(newPod())))).message).toMatch(
      /failed calling webhook "uid.example.com": expected response.uid="[0-9a-f-]+", got "someone-else"/,
    );
  });

  it('refuses a dry run a webhook with side effects would see', async () => {
    const running = await server(() => ({ allowed: true }));
    const hook = webhook('effects.example.com', running, { sideEffects: 'Some' });
    expect(await statusOf(runValidatingWebhooks(caller([], [hook]), create(newPod(), { dryRun: true })))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'admission webhook "effects.example.com" does not support dry run',
    });
    expect(running.received).toHaveLength(0);
  });
});

describe('service webhooks', () => {
  it("dials the Service's ready endpoint and checks the certificate against SERVICE.NAMESPACE.svc", async () => {
    const running = await server(() => ({ allowed: true }), ['hooks.infra.svc']);
    const address = { serviceAddress: () => ({ host: '127.0.0.1', port: running.port }) };
    const service = (name: string) =>
      webhook('svc.example.com', running, {
        clientConfig: { service: { namespace: 'infra', name, path: '/check', port: 443 }, caBundle: running.caBundle },
      });
    await expect(runValidatingWebhooks(caller([], [service('hooks')], address), create(newPod()))).resolves.toEqual([]);
    expect(running.received[0]!.path).toBe('/check?timeout=10s');
    const wrongName = await statusOf(runValidatingWebhooks(caller([], [service('other')], address), create(newPod())));
    expect(wrongName.message).toContain('Post "https://other.infra.svc:443/check?timeout=10s"');
    const none = await statusOf(runValidatingWebhooks(caller([], [service('hooks')]), create(newPod())));
    expect(none.message).toContain('no endpoints available for service "hooks"');
  });
});

describe('matchConditions', () => {
  const conditions = (expression: string) => [{ name: 'labelled', expression }];

  it('skips the webhook when a condition is false and calls it when all hold', async () => {
    const running = await server(() => ({ allowed: false, status: { message: 'no' } }));
    const skipped = webhook('cel.example.com', running, {
      matchConditions: conditions("has(object.metadata.labels) && object.metadata.labels.tier == 'db'"),
    });
    await expect(runValidatingWebhooks(caller([], [skipped]), create(newPod({ tier: 'web' })))).resolves.toEqual([]);
    expect(running.received).toHaveLength(0);
    const called = await statusOf(runValidatingWebhooks(caller([], [skipped]), create(newPod({ tier: 'db' }))));
    expect(called.message).toBe('admission webhook "cel.example.com" denied the request: no');
    const byRequest = webhook('cel.example.com', running, { matchConditions: conditions("request.operation == 'UPDATE'") });
    await expect(runValidatingWebhooks(caller([], [byRequest]), create(newPod()))).resolves.toEqual([]);
    expect(running.received).toHaveLength(1);
  });

  it('treats a condition that cannot be evaluated as a failed call', async () => {
    const running = await server(() => ({ allowed: true }));
    const broken = webhook('cel.example.com', running, { matchConditions: conditions('object.spec.missing == 1') });
    const status = await statusOf(runValidatingWebhooks(caller([], [broken]), create(newPod())));
    expect(status.code).toBe(500);
    expect(status.message).toMatch(
      /^Internal error occurred: failed calling webhook "cel.example.com": failed to evaluate match conditions: matchCondition "labelled": /,
    );
    await expect(runValidatingWebhooks(caller([], [{ ...broken, failurePolicy: 'Ignore' }]), create(newPod()))).resolves.toEqual([]);
    expect(running.received).toHaveLength(0);
  });
});
