import { type APIService, apiServices, endpoints as ENDPOINTS, namespaces, services as SERVICES } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { APIServiceAvailabilityController } from './apiservice-availability-controller';
import type { Backend } from './apiservice-backend';

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('APIServiceAvailabilityController', () => {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  const informers = {
    apiServices: new Informer(store, apiServices),
    services: new Informer(store, SERVICES),
    endpoints: new Informer(store, ENDPOINTS),
  };
  let healthy = true;
  const checked: Backend[] = [];
  let controller: APIServiceAvailabilityController;

  const available = async (name: string) => {
    const api = (await registry.get(apiServices, undefined, name)) as APIService;
    return api.status?.conditions?.find((c) => c.type === 'Available');
  };

  beforeAll(async () => {
    await registry.create(namespaces, undefined, { metadata: { name: 'wardle' } });
    await Promise.all(Object.values(informers).map((i) => i.start()));
    const check = async (_api: APIService, backend: Backend) => {
      checked.push(backend);
      if (!healthy) throw new Error('failing or missing response from https://198.19.0.9:8443/apis/wardle.example.com/v1: refused');
    };
    controller = new APIServiceAvailabilityController(registry, informers, check, { recheckMs: 100 });
  });

  afterAll(() => {
    controller.stop();
    for (const i of Object.values(informers)) i.stop();
  });

  it('marks a Local APIService available', async () => {
    await registry.create(apiServices, undefined, {
      metadata: { name: 'v1.apps' },
      spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 },
    });
    await until(async () => (await available('v1.apps'))?.reason === 'Local');
    expect(await available('v1.apps')).toMatchObject({ status: 'True', message: 'Local APIServices are always available' });
  });

  it('follows the Service, its endpoints and the discovery check', async () => {
    const spec = {
      group: 'wardle.example.com',
      version: 'v1',
      groupPriorityMinimum: 1000,
      versionPriority: 15,
      service: { namespace: 'wardle', name: 'api' },
    };
    await registry.create(apiServices, undefined, { metadata: { name: 'v1.wardle.example.com' }, spec });
    await until(async () => (await available('v1.wardle.example.com'))?.reason === 'ServiceNotFound');
    expect((await available('v1.wardle.example.com'))?.status).toBe('False');

    await registry.create(SERVICES, 'wardle', {
      metadata: { name: 'api' },
      spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
    });
    await until(async () => (await available('v1.wardle.example.com'))?.reason === 'EndpointsNotFound');

    const subsets = [{ addresses: [{ ip: '198.19.0.9' }], ports: [{ name: 'https', port: 8443 }] }];
    await registry.create(ENDPOINTS, 'wardle', { metadata: { name: 'api' }, subsets });
    await until(async () => (await available('v1.wardle.example.com'))?.reason === 'Passed');
    expect(checked.at(-1)).toEqual({ host: '198.19.0.9', port: 8443, serverName: 'api.wardle.svc' });

    // Nothing changes in the cluster: the periodic check notices the backend failing.
    healthy = false;
    await until(async () => (await available('v1.wardle.example.com'))?.reason === 'FailedDiscoveryCheck');
    expect((await available('v1.wardle.example.com'))?.message).toContain('failing or missing response from');
  });
});
