import type { EndpointSlice, Service } from '@stevedore/api';
import { dnsServiceOf } from './dns-feed';

const service = (spec: Service['spec']): Service => ({ metadata: { name: 'web', namespace: 'default' }, spec });
const slice: EndpointSlice = {
  metadata: { name: 'web-x', namespace: 'default' },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [
    { addresses: ['198.19.0.3'], hostname: 'web-1', conditions: { ready: true } },
    { addresses: ['198.19.0.2'] },
    { addresses: ['198.19.0.4'], conditions: { ready: false } },
  ],
};

describe('cluster DNS feed', () => {
  it('lists the ready endpoints of a headless Service with their hostnames and ports', () => {
    const record = dnsServiceOf(service({ clusterIP: 'None', ports: [{ name: 'http', port: 80 }] }), [slice]);
    expect(record.endpoints).toEqual([
      { ip: '198.19.0.2', hostname: '', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { ip: '198.19.0.3', hostname: 'web-1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    ]);
    expect(record.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
  });

  it('keeps only the address of a ClusterIP Service and only the name of an ExternalName one', () => {
    expect(dnsServiceOf(service({ clusterIP: '198.18.128.5' }), [slice])).toMatchObject({ clusterIp: '198.18.128.5', endpoints: [] });
    expect(dnsServiceOf(service({ type: 'ExternalName', externalName: 'db.example.test' }), [])).toMatchObject({
      clusterIp: '',
      externalName: 'db.example.test',
      endpoints: [],
    });
  });
});
