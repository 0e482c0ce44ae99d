import type { EndpointSlice, Ingress, Service } from '@stevedore/api';
import { ingressRoutesOf, resolveBackend } from './ingress-feed';

const service: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { clusterIP: '198.18.128.5', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
};
const slice: EndpointSlice = {
  metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [
    { addresses: ['198.19.0.3'] },
    { addresses: ['198.19.0.2'], conditions: { ready: true } },
    { addresses: ['198.19.0.4'], conditions: { ready: false } },
  ],
};
const services = new Map([['default/web', service]]);
const slices = new Map([['default/web', [slice]]]);

describe('ingress feed', () => {
  it("resolves a backend by port number or name to the Service port's ready endpoints", () => {
    const ready = [
      { ip: '198.19.0.2', port: 8080, nodeName: '' },
      { ip: '198.19.0.3', port: 8080, nodeName: '' },
    ];
    expect(resolveBackend('default', { service: { name: 'web', port: { number: 80 } } }, services, slices)).toEqual({
      backend: 'default/web:80',
      backendFound: true,
      endpoints: ready,
    });
    expect(resolveBackend('default', { service: { name: 'web', port: { name: 'http' } } }, services, slices).endpoints).toEqual(ready);
  });

  it('marks a missing Service or port as not found', () => {
    expect(resolveBackend('default', { service: { name: 'gone', port: { number: 80 } } }, services, slices).backendFound).toBe(false);
    expect(resolveBackend('default', { service: { name: 'web', port: { number: 81 } } }, services, slices).backendFound).toBe(false);
  });

  it('turns every path and the default backend into routes', () => {
    const ingress: Ingress = {
      metadata: { name: 'site', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { number: 80 } } },
        rules: [
          {
            host: 'a.example.com',
            http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } }] },
          },
        ],
      },
    };
    const routes = ingressRoutesOf(ingress, services, slices);
    expect(routes.map((r) => [r.host, r.path, r.pathType, r.backend, r.backendFound])).toEqual([
      ['a.example.com', '/api', 'Prefix', 'default/gone:80', false],
      ['', '', '', 'default/web:80', true],
    ]);
    expect(routes[0]!.created).toBe('2026-01-01T00:00:00Z');
  });
});
