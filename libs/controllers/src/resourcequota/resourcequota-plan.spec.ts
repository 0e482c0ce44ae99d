import type { KubeObject, QuotaResource, ResourceQuota } from '@stevedore/api';
import { planQuotaStatus, quotaNeedsSync, quotaResourceOf } from './resourcequota-plan';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const quota = (hard: Record<string, string>, status?: ResourceQuota['status']): ResourceQuota => ({
  metadata: { name: 'q', namespace: 'team' },
  spec: { hard },
  status,
});
const pod = (name: string, cpu: string, phase = 'Running') => ({
  metadata: { name, namespace: 'team' },
  spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu }, limits: { cpu } } }] },
  status: { phase },
});

describe('planQuotaStatus', () => {
  it('sums what counted objects cost, for every hard limit', () => {
    const objects: Record<string, KubeObject[]> = {
      pods: [pod('a', '500m'), pod('b', '1'), pod('done', '4', 'Succeeded')],
      configmaps: [{ metadata: { name: 'x' } }, { metadata: { name: 'y' } }],
    };
    const q = quota({ pods: '10', 'requests.cpu': '4', 'limits.cpu': '8', configmaps: '5', 'count/deployments.apps': '2' });
    const status = planQuotaStatus(q, (r: QuotaResource) => objects[r.plural] ?? [], NOW);
    expect(status).toEqual({
      hard: q.spec!.hard,
      used: { pods: '2', 'requests.cpu': '1500m', 'limits.cpu': '1500m', configmaps: '2', 'count/deployments.apps': '0' },
    });
  });

  it('counts only the pods a scoped quota selects', () => {
    const q: ResourceQuota = { ...quota({ pods: '10' }), spec: { hard: { pods: '10' }, scopes: ['BestEffort'] } };
    const bare = { metadata: { name: 'bare' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    expect(planQuotaStatus(q, () => [bare, pod('sized', '1')], NOW).used).toEqual({ pods: '1' });
  });
});

describe('quotaResourceOf', () => {
  it('maps each hard name to the objects it counts', () => {
    expect(quotaResourceOf('limits.memory')).toEqual({ group: '', plural: 'pods' });
    expect(quotaResourceOf('count/deployments.apps')).toEqual({ group: 'apps', plural: 'deployments' });
    expect(quotaResourceOf('gold.storageclass.storage.k8s.io/requests.storage')).toEqual({ group: '', plural: 'persistentvolumeclaims' });
    expect(quotaResourceOf('services.nodeports')).toEqual({ group: '', plural: 'services' });
    expect(quotaResourceOf('nvidia.com/gpu')).toBeUndefined();
  });
});

describe('quotaNeedsSync', () => {
  it('is true for a new quota or changed limits, false once the status matches', () => {
    expect(quotaNeedsSync(quota({ pods: '2' }))).toBe(true);
    expect(quotaNeedsSync(quota({ pods: '3' }, { hard: { pods: '2' }, used: { pods: '1' } }))).toBe(true);
    expect(quotaNeedsSync(quota({ pods: '2' }, { hard: { pods: '2' }, used: { pods: '1' } }))).toBe(false);
  });
});
