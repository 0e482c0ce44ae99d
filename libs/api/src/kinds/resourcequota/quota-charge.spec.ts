import type { Pod, ResourceQuota } from '../../generated/kubernetes-types';
import { chargeQuota } from './quota-charge';
import { formatUsage } from './quota-quantity';
import { objectUsage } from './quota-usage';

const PODS = { group: '', plural: 'pods' };
const NOW = Date.parse('2026-01-01T00:00:00Z');

const quota = (
  hard: Record<string, string>,
  used: Record<string, string> | undefined,
  spec: Partial<ResourceQuota['spec']> = {},
): ResourceQuota => ({
  metadata: { name: 'compute', namespace: 'team', resourceVersion: '5' },
  spec: { hard, ...spec },
  status: used ? { hard, used } : undefined,
});

const pod = (resources: Pod['spec']['containers'][number]['resources'] = {}, spec: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name: 'web', namespace: 'team' },
  spec: { containers: [{ name: 'app', image: 'busybox', resources }], ...spec },
});

describe('chargeQuota', () => {
  it('adds a pod to the usage it is charged for', () => {
    const q = quota({ pods: '3', 'requests.cpu': '1' }, { pods: '1', 'requests.cpu': '250m' });
    expect(chargeQuota(q, PODS, pod({ requests: { cpu: '500m' } }), NOW)).toEqual({
      used: { pods: '2', 'requests.cpu': '750m' },
      changed: true,
    });
  });

  it('refuses with the exceeded quota message of Kubernetes', () => {
    const q = quota({ pods: '2' }, { pods: '2' });
    expect(chargeQuota(q, PODS, pod(), NOW)).toEqual({
      refusal: 'exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2',
    });
  });

  it('names every exceeded resource, sorted', () => {
    const q = quota(
      { pods: '5', 'requests.memory': '1Gi', 'limits.memory': '1Gi' },
      { pods: '0', 'requests.memory': '900Mi', 'limits.memory': '900Mi' },
    );
    const p = pod({ requests: { memory: '256Mi' }, limits: { memory: '256Mi' } });
    expect(chargeQuota(q, PODS, p, NOW)).toEqual({
      refusal:
        'exceeded quota: compute, requested: limits.memory=256Mi,requests.memory=256Mi, used: limits.memory=900Mi,requests.memory=900Mi, limited: limits.memory=1Gi,requests.memory=1Gi',
    });
  });

  it('makes every container state what the quota constrains', () => {
    const q = quota({ 'limits.cpu': '2', 'requests.memory': '1Gi' }, { 'limits.cpu': '0', 'requests.memory': '0' });
    expect(chargeQuota(q, PODS, pod({ limits: { cpu: '1' } }), NOW)).toEqual({
      refusal: 'failed quota: compute: must specify requests.memory for: app',
    });
  });

  it('refuses until the controller has filled the status in', () => {
    const q = quota({ pods: '2' }, {});
    expect(chargeQuota(q, PODS, pod(), NOW)).toEqual({ refusal: 'status unknown for quota: compute, resources: pods' });
    expect(chargeQuota({ ...q, status: undefined }, PODS, pod(), NOW)).toBeUndefined();
  });

  it('counts objects of other kinds by their count/ names and leaves uncovered ones alone', () => {
    const q = quota({ 'count/deployments.apps': '1', configmaps: '4' }, { 'count/deployments.apps': '1', configmaps: '0' });
    const deployment = { metadata: { name: 'd', namespace: 'team' } };
    expect(chargeQuota(q, { group: 'apps', plural: 'deployments' }, deployment, NOW)).toMatchObject({
      refusal: expect.stringContaining('requested: count/deployments.apps=1'),
    });
    expect(chargeQuota(q, { group: '', plural: 'configmaps' }, deployment, NOW)).toEqual({
      used: { 'count/deployments.apps': '1', configmaps: '1' },
      changed: true,
    });
    expect(chargeQuota(q, { group: '', plural: 'secrets' }, deployment, NOW)).toBeUndefined();
  });

  it('charges a scoped quota only for the pods its scopes select', () => {
    const q = quota({ pods: '1' }, { pods: '1' }, { scopes: ['BestEffort'] });
    expect(chargeQuota(q, PODS, pod({ requests: { cpu: '1' } }), NOW)).toBeUndefined();
    expect(chargeQuota(q, PODS, pod(), NOW)).toMatchObject({ refusal: expect.stringContaining('exceeded quota') });
    const byClass = quota(
      { pods: '1' },
      { pods: '1' },
      { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } },
    );
    expect(chargeQuota(byClass, PODS, pod({}, { priorityClassName: 'low' }), NOW)).toBeUndefined();
    expect(chargeQuota(byClass, PODS, pod({}, { priorityClassName: 'high' }), NOW)).toMatchObject({ refusal: expect.any(String) });
  });
});

describe('chargeQuota on updates', () => {
  const CLAIMS = { group: '', plural: 'persistentvolumeclaims' };
  const claim = (storage: string) => ({ metadata: { name: 'data', namespace: 'team' }, spec: { resources: { requests: { storage } } } });

  it('charges only what the object grew by', () => {
    const q = quota(
      { 'requests.storage': '10Gi', persistentvolumeclaims: '5' },
      { 'requests.storage': '4Gi', persistentvolumeclaims: '1' },
    );
    expect(chargeQuota(q, CLAIMS, claim('6Gi'), NOW, claim('4Gi'))).toEqual({
      used: { 'requests.storage': '6Gi', persistentvolumeclaims: '1' },
      changed: true,
    });
    expect(chargeQuota(q, CLAIMS, claim('12Gi'), NOW, claim('4Gi'))).toEqual({
      refusal: 'exceeded quota: compute, requested: requests.storage=8Gi, used: requests.storage=4Gi, limited: requests.storage=10Gi',
    });
  });

  it('leaves an update that grows nothing alone, even a pod without requests under a cpu quota', () => {
    const q = quota({ 'requests.cpu': '1' }, { 'requests.cpu': '0' });
    expect(chargeQuota(q, PODS, pod(), NOW, pod())).toBeUndefined();
  });
});

describe('objectUsage', () => {
  it("takes a pod's largest init container when it asks more than the containers together", () => {
    const p = pod(
      { requests: { cpu: '200m' } },
      { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } }] },
    );
    expect(objectUsage({ group: '', plural: 'pods' }, p, NOW)).toMatchObject({ pods: 1000, 'requests.cpu': 1000, cpu: 1000 });
  });

  it('stops counting a finished pod', () => {
    expect(objectUsage({ group: '', plural: 'pods' }, { ...pod(), status: { phase: 'Succeeded' } } as Pod, NOW)).toEqual({});
  });

  it('charges a service its node ports and a claim its storage by class', () => {
    const svc = { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } };
    expect(objectUsage({ group: '', plural: 'services' }, svc, NOW)).toMatchObject({ services: 1000, 'services.nodeports': 2000 });
    const claim = { metadata: { name: 'c' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } };
    expect(objectUsage({ group: '', plural: 'persistentvolumeclaims' }, claim, NOW)).toMatchObject({
      'requests.storage': 2 ** 30 * 1000,
      'fast.storageclass.storage.k8s.io/requests.storage': 2 ** 30 * 1000,
    });
  });

  it('prints sums back as quantities', () => {
    expect([
      formatUsage('requests.cpu', 1500),
      formatUsage('requests.cpu', 2000),
      formatUsage('limits.memory', 2 ** 27 * 1000),
      formatUsage('pods', 0),
    ]).toEqual(['1500m', '2', '128Mi', '0']);
  });
});
