import type { LimitRange, PersistentVolumeClaim, Pod } from '../../generated/kubernetes-types';
import { applyLimitRangeDefaults, claimLimitProblems, LIMIT_RANGER_ANNOTATION, podLimitProblems } from './limit-ranger';
import { limitRanges } from './limitrange-strategy';

const range = (limits: NonNullable<LimitRange['spec']>['limits']): LimitRange => {
  const lr: LimitRange = { metadata: { name: 'limits', namespace: 'team' }, spec: { limits } };
  limitRanges.defaults(lr);
  return lr;
};

const pod = (resources: Pod['spec']['containers'][number]['resources'] = {}, more: Pod['spec']['containers'] = []): Pod => ({
  metadata: { name: 'web', namespace: 'team' },
  spec: { containers: [{ name: 'app', image: 'busybox', resources }, ...more] },
});

describe('LimitRanger defaults', () => {
  it('gives containers the default requests and limits they leave out and notes them', () => {
    const p = pod({ limits: { memory: '64Mi' } });
    applyLimitRangeDefaults(p, [
      range([{ type: 'Container', default: { cpu: '500m', memory: '128Mi' }, defaultRequest: { cpu: '100m' } }]),
    ]);
    expect(p.spec.containers[0]!.resources).toEqual({
      limits: { memory: '64Mi', cpu: '500m' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app',
    );
  });

  it('defaults the limit to the max and the request to the limit, as Kubernetes defaults the range', () => {
    const lr = range([{ type: 'Container', max: { cpu: '2' }, min: { memory: '32Mi' } }]);
    expect(lr.spec!.limits[0]).toMatchObject({ default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '32Mi' } });
  });

  it('changes nothing without Container items', () => {
    const p = pod();
    applyLimitRangeDefaults(p, [range([{ type: 'Pod', max: { cpu: '1' } }])]);
    expect(p.spec.containers[0]!.resources).toEqual({});
    expect(p.metadata.annotations).toBeUndefined();
  });
});

describe('LimitRanger bounds', () => {
  it('words a container over its max as Kubernetes does', () => {
    const lr = range([{ type: 'Container', max: { cpu: '1' } }]);
    expect(podLimitProblems(pod({ limits: { cpu: '2' } }), [lr])).toEqual(['maximum cpu usage per Container is 1, but limit is 2']);
    expect(podLimitProblems(pod({ limits: { cpu: '1' } }), [lr])).toEqual([]);
  });

  it('refuses a request under the min, a missing request, and a missing limit under a max', () => {
    const lr: LimitRange = {
      metadata: { name: 'l' },
      spec: { limits: [{ type: 'Container', min: { memory: '64Mi' }, max: { cpu: '1' } }] },
    };
    expect(podLimitProblems(pod({ requests: { memory: '32Mi' }, limits: { cpu: '1' } }), [lr])).toEqual([
      'minimum memory usage per Container is 64Mi, but request is 32Mi',
    ]);
    expect(podLimitProblems(pod({}), [lr])).toEqual([
      'minimum memory usage per Container is 64Mi.  No request is specified',
      'maximum cpu usage per Container is 1.  No limit is specified',
    ]);
  });

  it('holds the limit to request ratio', () => {
    const lr = range([{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]);
    expect(podLimitProblems(pod({ requests: { cpu: '100m' }, limits: { cpu: '500m' } }), [lr])).toEqual([
      'cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000',
    ]);
    expect(podLimitProblems(pod({ requests: { cpu: '250m' }, limits: { cpu: '500m' } }), [lr])).toEqual([]);
  });

  it('sums the containers against a Pod item', () => {
    const lr = range([{ type: 'Pod', max: { cpu: '1' } }]);
    const two = pod({ limits: { cpu: '600m' } }, [{ name: 'side', image: 'busybox', resources: { limits: { cpu: '600m' } } }]);
    expect(podLimitProblems(two, [lr])).toEqual(['maximum cpu usage per Pod is 1, but limit is 1200m']);
  });

  it("bounds a claim's storage request", () => {
    const claim = (storage?: string): PersistentVolumeClaim => ({
      metadata: { name: 'data' },
      spec: { resources: storage ? { requests: { storage } } : {} },
    });
    const lr = range([{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } }]);
    expect(claimLimitProblems(claim('5Gi'), [lr])).toEqual(['maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi']);
    expect(claimLimitProblems(claim('500Mi'), [lr])).toEqual([
      'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    ]);
    expect(claimLimitProblems(claim('1Gi'), [lr])).toEqual([]);
  });
});

describe('LimitRange validation', () => {
  const causes = (limits: NonNullable<LimitRange['spec']>['limits']) => limitRanges.validate(range(limits));

  it('refuses bounds that do not nest, with Kubernetes messages', () => {
    expect(causes([{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }])).toContainEqual({
      reason: 'FieldValueInvalid',
      field: 'spec.limits[0].min[cpu]',
      message: 'Invalid value: "2": min value 2 is greater than max value 1',
    });
    expect(causes([{ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }])[0]?.message).toBe(
      'Invalid value: "500m": ratio 500m is less than 1',
    );
  });

  it('refuses defaults on a Pod item and a claim item without storage bounds', () => {
    expect(causes([{ type: 'Pod', default: { cpu: '1' } }])[0]).toMatchObject({ field: 'spec.limits[0].default' });
    expect(causes([{ type: 'PersistentVolumeClaim', max: { cpu: '1' } }])[0]?.message).toContain(
      'either minimum or maximum storage value is required',
    );
    expect(causes([{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' } }])).toEqual([]);
  });
});
