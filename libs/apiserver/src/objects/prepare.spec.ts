import { findResource, StatusError } from '@stevedore/api';
import type { ApiObject } from './api-object';
import { prepareCreate, prepareUpdate } from './prepare';

const pods = findResource('', 'pods')!;
const deployments = findResource('apps', 'deployments')!;
const namespaces = findResource('', 'namespaces')!;

const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a StatusError');
};

const pod = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
  ...extra,
});

describe('prepareCreate', () => {
  it('fills kind, namespace and defaults, and drops server-owned fields', () => {
    const { object } = prepareCreate(
      pods,
      { metadata: { name: 'web', uid: 'forged' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      'default',
    );
    expect(object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } });
    expect(object.metadata.uid).toBeUndefined();
    expect(object.spec.restartPolicy).toBe('Always');
    expect(object.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  it('generates names and drops the namespace of cluster-scoped objects', () => {
    const { object } = prepareCreate(pods, pod({ metadata: { generateName: 'web-' } }), 'default');
    expect(object.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(prepareCreate(namespaces, { metadata: { name: 'team', namespace: 'x' } }, undefined).object.metadata.namespace).toBeUndefined();
  });

  it.each([
    ['a mismatched namespace', pod({ metadata: { name: 'web', namespace: 'other' } }), 400, 'does not match the namespace'],
    ['a mismatched kind', pod({ kind: 'Service' }), 400, 'kind in the data (Service)'],
    ['a resourceVersion', pod({ metadata: { name: 'web', resourceVersion: '5' } }), 422, 'metadata.resourceVersion'],
    [
      'an unknown field',
      pod({ spec: { containers: [{ name: 'c', image: 'b', imagePullPolicyy: 'Always' }] } }),
      400,
      'unknown field "spec.containers[0].imagePullPolicyy"',
    ],
    ['a missing image', pod({ spec: { containers: [{ name: 'c' }] } }), 422, 'spec.containers[0].image: Required value'],
    [
      'a mount of no volume',
      pod({ spec: { containers: [{ name: 'c', image: 'b', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } }),
      422,
      'volumeMounts[0].name: Not found',
    ],
    ['a list body', [1, 2], 400, 'must be a JSON or YAML object'],
  ])('refuses %s', (_what, body, code, text) => {
    const s = status(() => prepareCreate(pods, body, 'default'));
    expect(s.code).toBe(code);
    expect(s.message).toContain(text);
  });

  it('drops unknown fields with Warn and reports them', () => {
    const { object, warnings } = prepareCreate(
      pods,
      pod({ spec: { containers: [{ name: 'c', image: 'b', bogus: 1 }] } }),
      'default',
      'Warn',
    );
    expect(warnings).toEqual(['unknown field "spec.containers[0].bogus"']);
    expect(object.spec.containers[0].bogus).toBeUndefined();
  });

  it('checks that a deployment selector matches its template', () => {
    const d = {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    };
    const s = status(() => prepareCreate(deployments, d, 'default'));
    expect(s.details?.causes?.map((c) => c.field)).toEqual(['spec.template.metadata.labels']);
  });
});

describe('prepareUpdate', () => {
  const current: ApiObject = { ...prepareCreate(pods, pod(), 'default').object, status: { phase: 'Running' } };
  current.metadata = { ...current.metadata, uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z', resourceVersion: '5' };

  it('keeps server-owned metadata and the status on the main resource', () => {
    const body = pod({ metadata: { name: 'web', labels: { a: 'b' }, resourceVersion: '5' }, status: { phase: 'Failed' } });
    const { object } = prepareUpdate(pods, current, body, { namespace: 'default', name: 'web' });
    expect(object.metadata).toMatchObject({
      uid: 'u1',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { a: 'b' },
      resourceVersion: '5',
    });
    expect(object.status).toEqual({ phase: 'Running' });
  });

  it('changes only the status through /status', () => {
    const body = pod({ metadata: { name: 'web', labels: { ignored: 'yes' }, resourceVersion: '5' }, status: { phase: 'Succeeded' } });
    const { object } = prepareUpdate(pods, current, body, { namespace: 'default', name: 'web', subresource: 'status' });
    expect(object.status).toEqual({ phase: 'Succeeded' });
    expect(object.metadata.labels).toBeUndefined();
  });

  it('refuses a rename', () => {
    expect(
      status(() => prepareUpdate(pods, current, pod({ metadata: { name: 'other' } }), { namespace: 'default', name: 'web' })).code,
    ).toBe(400);
  });
});
