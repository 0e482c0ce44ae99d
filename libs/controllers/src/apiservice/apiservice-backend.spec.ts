import type { APIService, Endpoints, Service } from '@stevedore/api';
import { resolveBackend, type ServiceLookup } from './apiservice-backend';

const API: APIService = {
  metadata: { name: 'v1.example.com' },
  spec: {
    group: 'example.com',
    version: 'v1',
    groupPriorityMinimum: 100,
    versionPriority: 10,
    service: { namespace: 'ns', name: 'api', port: 443 },
  },
};
const SERVICE: Service = { metadata: { name: 'api', namespace: 'ns' }, spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] } };

function lookup(service?: Service, endpoints?: Endpoints): ServiceLookup {
  return { service: () => service, endpoints: () => endpoints };
}

function endpointsWith(addresses: string[], portName = 'https'): Endpoints {
  return {
    metadata: { name: 'api', namespace: 'ns' },
    subsets: [{ addresses: addresses.map((ip) => ({ ip })), ports: [{ name: portName, port: 8443 }] }],
  };
}

describe('resolveBackend', () => {
  it('goes to a ready endpoint address on the port named as the service port', () => {
    const r = resolveBackend(API, lookup(SERVICE, endpointsWith(['198.19.0.5', '198.19.0.6'])), () => 1);
    expect(r).toEqual({ backend: { host: '198.19.0.6', port: 8443, serverName: 'api.ns.svc' } });
  });

  it('says Local for an APIService without a service', () => {
    expect(resolveBackend({ ...API, spec: { ...API.spec!, service: undefined } }, lookup())).toMatchObject({ reason: 'Local' });
  });

  it('names the missing piece as kube-aggregator does', () => {
    expect(resolveBackend(API, lookup())).toEqual({ reason: 'ServiceNotFound', message: 'service/api in "ns" is not present' });
    const otherPort = { ...SERVICE, spec: { ports: [{ name: 'https', port: 8080 }] } };
    expect(resolveBackend(API, lookup(otherPort))).toMatchObject({ reason: 'ServicePortError' });
    expect(resolveBackend(API, lookup(SERVICE))).toMatchObject({ reason: 'EndpointsNotFound' });
    expect(resolveBackend(API, lookup(SERVICE, endpointsWith([])))).toEqual({
      reason: 'MissingEndpoints',
      message: 'endpoints for service/api in "ns" have no addresses with port name "https"',
    });
    expect(resolveBackend(API, lookup(SERVICE, endpointsWith(['198.19.0.5'], 'metrics')))).toMatchObject({ reason: 'MissingEndpoints' });
  });
});
