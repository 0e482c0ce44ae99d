import { findResource } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { ObjectRegistry } from './object-registry';
import { ServiceAllocator } from './service-allocation';

const SERVICES = findResource('', 'services')!;

async function registry() {
  const store = new MemoryStore();
  const r = new ObjectRegistry(store);
  r.allocators.set(SERVICES, new ServiceAllocator(store, { serviceCidr: '198.18.128.0/30', nodePorts: { first: 30000, last: 30001 } }));
  await r.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } });
  return r;
}

const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: { status: { code: number; details: { causes: { field: string; message: string }[] } } }) => ({
      code: err.status.code,
      causes: err.status.details.causes.map((c) => `${c.field}: ${c.message}`),
    }),
  );

describe('ServiceAllocator', () => {
  it('hands out the free cluster IPs of the range in order and refuses when it is used up', async () => {
    const r = await registry();
    expect((await r.create(SERVICES, 'default', svc('a'))).object.spec.clusterIP).toBe('198.18.128.1');
    expect((await r.create(SERVICES, 'default', svc('b'))).object.spec).toMatchObject({
      clusterIP: '198.18.128.2',
      clusterIPs: ['198.18.128.2'],
    });
    expect(await failure(r.create(SERVICES, 'default', svc('c')))).toEqual({
      code: 422,
      causes: ['spec.clusterIP: Internal error: no free cluster IP left in 198.18.128.0/30'],
    });
    expect((await r.create(SERVICES, 'default', svc('headless', { clusterIP: 'None' }))).object.spec.clusterIP).toBe('None');
    // Creating an existing Service again is AlreadyExists, even with its own IP (as on a restart).
    expect(
      await r.create(SERVICES, 'default', svc('a', { clusterIP: '198.18.128.1' })).then(
        () => 0,
        (err: { code: number }) => err.code,
      ),
    ).toBe(409);
  });

  it('checks requested IPs and node ports, and nothing is stored when they are refused', async () => {
    const r = await registry();
    await r.create(SERVICES, 'default', svc('a', { clusterIP: '198.18.128.2', type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }));
    expect(await failure(r.create(SERVICES, 'default', svc('b', { clusterIP: '198.18.128.2' })))).toEqual({
      code: 422,
      causes: ['spec.clusterIP: Invalid value: "198.18.128.2": provided IP is already allocated'],
    });
    expect(await failure(r.create(SERVICES, 'default', svc('c', { clusterIP: '10.0.0.1' })))).toEqual({
      code: 422,
      causes: [
        'spec.clusterIP: Invalid value: "10.0.0.1": provided IP is not in the valid range. The range of valid IPs is 198.18.128.0/30',
      ],
    });
    expect(
      await failure(
        r.create(
          SERVICES,
          'default',
          svc('d', {
            type: 'NodePort',
            ports: [
              { port: 80, nodePort: 30001 },
              { port: 81, nodePort: 8080 },
            ],
          }),
        ),
      ),
    ).toEqual({
      code: 422,
      causes: [
        'spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated',
        'spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-30001',
      ],
    });
    expect(await failure(r.create(SERVICES, 'default', svc('e', { ports: [{ port: 80, nodePort: 30000 }] })))).toEqual({
      code: 422,
      causes: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    });
    const { items } = await r.store.list('/services/');
    expect(items).toHaveLength(1);
    expect((await r.create(SERVICES, 'default', svc('f', { type: 'NodePort' }))).object.spec.ports[0].nodePort).toBe(30000);
  });

  it('keeps the cluster IP on updates, refuses to change it, and gives new NodePort ports a port', async () => {
    const r = await registry();
    await r.create(SERVICES, 'default', svc('a'));
    const patched = await r.patch(SERVICES, 'default', 'a', 'merge', { spec: { type: 'NodePort', clusterIP: null, clusterIPs: null } });
    expect(patched.object.spec).toMatchObject({ clusterIP: '198.18.128.1', ports: [{ port: 80, nodePort: 30000 }] });
    expect(await failure(r.patch(SERVICES, 'default', 'a', 'merge', { spec: { clusterIP: '198.18.128.2' } }))).toEqual({
      code: 422,
      causes: ['spec.clusterIP: Invalid value: "198.18.128.2": field is immutable'],
    });
    const again = await r.patch(SERVICES, 'default', 'a', 'merge', { metadata: { labels: { x: 'y' } } });
    expect(again.object.spec.ports[0].nodePort).toBe(30000);
  });
});
