import { events, pods, type StatusError } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { listObjects } from './list';
import { bothSelectors } from './selectors';

describe('selectors', () => {
  const pod = {
    metadata: { name: 'web', namespace: 'a', labels: { app: 'web', tier: 'front' } },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };

  it('match labels with set-based terms and fields with (in)equality', () => {
    expect(bothSelectors('app in (web,api),!canary', 'spec.nodeName=n1,status.phase!=Failed', pods.fieldSelectors)(pod)).toBe(true);
    expect(bothSelectors('tier notin (front)', undefined)(pod)).toBe(false);
    expect(bothSelectors(undefined, 'metadata.namespace==b', pods.fieldSelectors)(pod)).toBe(false);
  });

  it('refuse fields the resource does not select on, as Kubernetes does', async () => {
    expect(() => bothSelectors(undefined, 'spec.nodeName=n1', events.fieldSelectors)).toThrow('field label not supported: spec.nodeName');
    const refused = await listObjects(new MemoryStore(), pods, undefined, { fieldSelector: 'spec.hostname=x' }).catch(
      (err: StatusError) => err,
    );
    expect((refused as StatusError).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.hostname',
    });
  });
});
