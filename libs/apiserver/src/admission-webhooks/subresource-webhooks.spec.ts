// Webhooks on subresources in a real registry: status writes, scale writes and CONNECTs (exec,
// attach, portforward) reach the webhooks whose rules name them, as Kubernetes sends them.
import { deployments, namespaces, pods, type StatusError, type ValidatingWebhook } from '@stevedore/api';
import { silentLogger } from '@stevedore/log';
import { MemoryStore } from '@stevedore/store';
import { admitConnect, portForwardOptions, streamOptions } from '../http/connect-admission';
import { ObjectRegistry } from '../registry/object-registry';
import { writeScale } from '../registry/subresources';
import { mutatingWebhookAdmission } from './mutating-webhooks';
import { jsonPatch, type RunningWebhook, startWebhookServer } from './testing';
import { validatingWebhookAdmission } from './validating-webhooks';
import type { WebhookSources } from './webhook-sources';

const ALICE = { name: 'alice', groups: ['devs', 'system:authenticated'] };

describe('webhooks on subresources and CONNECT', () => {
  let running: RunningWebhook;
  let registry: ObjectRegistry;
  const calls = (path: string) => running.received.filter((r) => r.path.startsWith(path)).map((r) => r.review.request);

  beforeAll(async () => {
    running = await startWebhookServer(({ path, review }) => {
      type Seen = { command?: string[]; status?: { phase?: string }; spec?: { replicas?: number } };
      const { object, subResource } = review.request as { object: Seen | null; subResource?: string };
      if (path.startsWith('/no-exec') && (object?.command ?? []).includes('rm'))
        return { allowed: false, status: { code: 403, message: 'no rm in exec' } };
      if (path.startsWith('/status') && object?.status?.phase === 'Failed')
        return { allowed: false, status: { message: 'pods do not fail here' } };
      if (path.startsWith('/cap') && subResource === 'scale' && (object?.spec?.replicas ?? 0) > 3)
        return { allowed: true, ...jsonPatch([{ op: 'replace', path: '/spec/replicas', value: 3 }]) };
      return { allowed: true };
    });
    const hook = (name: string, operations: string[], resources: string[], group = ''): ValidatingWebhook => ({
      name: `${name}.example.com`,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      clientConfig: { url: running.url(`/${name}`), caBundle: running.caBundle },
      rules: [{ operations: operations as ['CREATE'], apiGroups: [group], apiVersions: ['v1'], resources }],
    });
    const sources: WebhookSources = {
      mutating: () => [{ metadata: { name: 'm' }, webhooks: [{ ...hook('cap', ['UPDATE'], ['deployments/scale'], 'apps') }] }],
      validating: () => [
        {
          metadata: { name: 'v' },
          webhooks: [
            hook('no-exec', ['CONNECT'], ['pods/exec', 'pods/attach', 'pods/portforward']),
            hook('status', ['UPDATE'], ['pods/status']),
            hook('pods-only', ['*'], ['pods']),
            hook('all', ['*'], ['*/*'], '*'),
            hook('deployments-only', ['UPDATE'], ['deployments'], 'apps'),
          ],
        },
      ],
      namespaceLabels: () => ({}),
      serviceAddress: () => undefined,
    };
    registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'team' } });
    await registry.create(pods, 'team', { metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await registry.create(deployments, 'team', {
      metadata: { name: 'app' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'a' } },
        template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    });
    registry.admission.add(mutatingWebhookAdmission({ sources, log: silentLogger }), { phase: 'mutating' });
    registry.admission.add(validatingWebhookAdmission({ sources, log: silentLogger }), { phase: 'validating' });
  });

  afterAll(() => running.close());
  beforeEach(() => running.received.splice(0));

  it('sends a status write as UPDATE of pods/status with the whole pods, and a denial keeps the old status', async () => {
    await registry.patch(pods, 'team', 'web', 'merge', { status: { phase: 'Running' } }, { subresource: 'status', user: ALICE });
    const [review] = calls('/status');
    expect(review).toMatchObject({
      operation: 'UPDATE',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: 'status',
      requestSubResource: 'status',
      object: { metadata: { name: 'web' }, status: { phase: 'Running' } },
      oldObject: { metadata: { name: 'web' } },
      userInfo: { username: 'alice' },
    });
    expect(calls('/all')).toHaveLength(1);
    expect(calls('/pods-only')).toEqual([]);
    const err = (await registry
      .patch(pods, 'team', 'web', 'merge', { status: { phase: 'Failed' } }, { subresource: 'status' })
      .catch((e) => e)) as StatusError;
    expect(err.status).toMatchObject({
      code: 400,
      message: 'admission webhook "status.example.com" denied the request: pods do not fail here',
    });
    expect((await registry.get(pods, 'team', 'web')).status?.phase).toBe('Running');
  });

  it('sends a scale write as UPDATE of deployments/scale with Scales, and stores what a mutating webhook made of it', async () => {
    const scale = await writeScale(registry, deployments, 'team', 'app', { type: 'merge', body: { spec: { replicas: 7 } }, user: ALICE });
    expect(scale.spec.replicas).toBe(3);
    expect((await registry.get(deployments, 'team', 'app')).spec?.replicas).toBe(3);
    const [review] = calls('/cap');
    expect(review).toMatchObject({
      operation: 'UPDATE',
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      subResource: 'scale',
      object: { kind: 'Scale', spec: { replicas: 7 } },
      oldObject: { kind: 'Scale', spec: { replicas: 1 }, status: { selector: 'app=a' } },
      userInfo: { username: 'alice' },
    });
    // Rules for the deployments themselves are not asked about a scale.
    expect(calls('/deployments-only')).toEqual([]);
    expect(calls('/all').map((r) => r.subResource)).toEqual(['scale']);
  });

  it('sends exec as CONNECT of pods/exec with its PodExecOptions, and refuses it with the webhook message', async () => {
    const query = new URLSearchParams('command=rm&command=-rf&stdout=true&stderr=true&container=c');
    const err = (await admitConnect(
      registry,
      { subresource: 'exec', namespace: 'team', name: 'web', user: ALICE },
      streamOptions('exec', query),
    ).catch((e) => e)) as StatusError;
    expect(err.status).toMatchObject({ code: 403, message: 'admission webhook "no-exec.example.com" denied the request: no rm in exec' });
    const [review] = calls('/no-exec');
    expect(review).toMatchObject({
      operation: 'CONNECT',
      kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: 'exec',
      name: 'web',
      namespace: 'team',
      options: null,
      oldObject: null,
    });
    expect(review!.object).toEqual({
      kind: 'PodExecOptions',
      apiVersion: 'v1',
      stdout: true,
      stderr: true,
      container: 'c',
      command: ['rm', '-rf'],
    });
    expect(calls('/pods-only')).toEqual([]);
  });

  it('lets an allowed attach and port-forward through, with their options objects', async () => {
    const attach = streamOptions('attach', new URLSearchParams('stdin=true&tty=true'));
    await expect(admitConnect(registry, { subresource: 'attach', namespace: 'team', name: 'web' }, attach)).resolves.toEqual({
      kind: 'PodAttachOptions',
      apiVersion: 'v1',
      stdin: true,
      tty: true,
    });
    await admitConnect(
      registry,
      { subresource: 'portforward', namespace: 'team', name: 'web' },
      portForwardOptions(new URLSearchParams('ports=8080')),
    );
    expect(calls('/no-exec').map((r) => [r.subResource, r.object])).toEqual([
      ['attach', { kind: 'PodAttachOptions', apiVersion: 'v1', stdin: true, tty: true }],
      ['portforward', { kind: 'PodPortForwardOptions', apiVersion: 'v1', ports: [8080] }],
    ]);
  });
});
