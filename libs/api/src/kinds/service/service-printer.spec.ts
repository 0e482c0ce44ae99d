import type { Service } from '../../generated/kubernetes-types';
import { servicePrinter } from './service-printer';

const externalIp = (s: Service) => servicePrinter.cells(s, Date.now())[3];

describe('Service printer', () => {
  const lb: Service = {
    metadata: { name: 'web' },
    spec: { type: 'LoadBalancer', clusterIP: '198.18.128.5', ports: [{ port: 80, nodePort: 30080 }] },
  };

  it('shows a LoadBalancer as <pending> until it has an address, then its addresses', () => {
    expect(externalIp(lb)).toBe('<pending>');
    expect(externalIp({ ...lb, status: { loadBalancer: { ingress: [{ ip: '198.18.0.2' }, { ip: '198.18.0.3' }] } } })).toBe(
      '198.18.0.2,198.18.0.3',
    );
  });

  it('lists external IPs before load balancer addresses, and <none> for a plain Service', () => {
    const both = {
      ...lb,
      spec: { ...lb.spec, externalIPs: ['198.18.9.9'] },
      status: { loadBalancer: { ingress: [{ ip: '198.18.0.2' }] } },
    };
    expect(externalIp(both)).toBe('198.18.9.9,198.18.0.2');
    expect(externalIp({ metadata: { name: 'plain' }, spec: { clusterIP: '198.18.128.6' } })).toBe('<none>');
  });
});
