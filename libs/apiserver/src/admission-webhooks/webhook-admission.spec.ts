// The two steps in a real registry: what reaches storage after the webhooks, for each verb.
import { configMaps, isNotFound, namespaces, type StatusError, type ValidatingWebhook } from '@stevedore/api';
import { silentLogger } from '@stevedore/log';
import { MemoryStore } from '@stevedore/store';
import { deleteObject } from '../registry/delete';
import { ObjectRegistry } from '../registry/object-registry';
import { mutatingWebhookAdmission } from './mutating-webhooks';
import { jsonPatch, type RunningWebhook, startWebhookServer } from './testing';
import { validatingWebhookAdmission } from './validating-webhooks';
import type { WebhookSources } from './webhook-sources';

describe('webhook admission in the registry', () => {
  let running: RunningWebhook;
  let registry: ObjectRegistry;

  beforeAll(async () => {
    running = await startWebhookServer(({ path, review }) => {
      const keep = review.request.oldObject?.metadata.labels?.keep === 'true';
      if (path.startsWith('/deny') && review.request.operation === 'DELETE' && keep)
        return { allowed: false, status: { message: 'this one stays' } };
      if (path.startsWith('/label') && review.request.operation === 'CREATE' && !review.request.object?.metadata.labels)
        return { allowed: true, ...jsonPatch([{ op: 'add', path: '/metadata/labels', value: { seen: 'yes' } }]) };
      return { allowed: true };
    });
    const hook = (name: string, path: string): ValidatingWebhook => ({
      name,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      clientConfig: { url: running.url(path), caBundle: running.caBundle },
      rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
    });
    const sources: WebhookSources = {
      mutating: () => [{ metadata: { name: 'm' }, webhooks: [hook('label.example.com', '/label')] }],
      validating: () => [{ metadata: { name: 'v' }, webhooks: [hook('deny.example.com', '/deny')] }],
      namespaceLabels: () => ({}),
      serviceAddress: () => undefined,
    };
    registry = new ObjectRegistry(new MemoryStore());
    registry.admission.add(mutatingWebhookAdmission({ sources, log: silentLogger }), { phase: 'mutating' });
    registry.admission.add(validatingWebhookAdmission({ sources, log: silentLogger }), { phase: 'validating' });
    await registry.create(namespaces, undefined, { metadata: { name: 'team' } });
  });

  afterAll(() => running.close());

  it('stores what the mutating webhooks made of a create', async () => {
    await registry.create(configMaps, 'team', { metadata: { name: 'a' } });
    expect((await registry.get(configMaps, 'team', 'a')).metadata.labels).toEqual({ seen: 'yes' });
  });

  it('sends deletes with the stored object as oldObject and keeps what a webhook refuses to delete', async () => {
    await registry.create(configMaps, 'team', { metadata: { name: 'kept', labels: { keep: 'true' } } });
    const err = (await deleteObject(registry, configMaps, 'team', 'kept', { user: { name: 'bob', groups: [] } }).catch(
      (e) => e,
    )) as StatusError;
    expect(err.status).toMatchObject({ code: 400, message: 'admission webhook "deny.example.com" denied the request: this one stays' });
    await expect(registry.get(configMaps, 'team', 'kept')).resolves.toBeDefined();
    const review = running.received.find((r) => r.path.startsWith('/deny') && r.review.request.operation === 'DELETE')!.review.request;
    expect(review).toMatchObject({ name: 'kept', object: null, oldObject: { metadata: { name: 'kept' } }, userInfo: { username: 'bob' } });
    expect(review.options).toEqual({ apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' });
    await deleteObject(registry, configMaps, 'team', 'a');
    const gone = await registry.get(configMaps, 'team', 'a').catch((e) => e);
    expect(isNotFound(gone)).toBe(true);
  });
});
