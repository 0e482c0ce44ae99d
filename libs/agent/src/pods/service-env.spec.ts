import { serviceEnv } from './service-env';

const entries = [
  { name: 'default/kubernetes:https', clusterIp: '198.18.128.1', port: 443, protocol: 'TCP' },
  { name: 'shop/web-front:http', clusterIp: '198.18.128.9', port: 80, protocol: 'TCP' },
  { name: 'shop/web-front:8443', clusterIp: '198.18.128.9', port: 8443, protocol: 'TCP' },
  { name: 'other/db:5432', clusterIp: '198.18.128.7', port: 5432, protocol: 'TCP' },
];

describe('serviceEnv', () => {
  it("gives the Services of the pod's namespace and the API's kubernetes Service, as Kubernetes names them", () => {
    const vars = Object.fromEntries(serviceEnv(entries, 'shop', true));
    expect(vars).toMatchObject({
      KUBERNETES_SERVICE_HOST: '198.18.128.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://198.18.128.1:443',
      KUBERNETES_PORT_443_TCP_ADDR: '198.18.128.1',
      WEB_FRONT_SERVICE_HOST: '198.18.128.9',
      WEB_FRONT_SERVICE_PORT: '80',
      WEB_FRONT_SERVICE_PORT_HTTP: '80',
      WEB_FRONT_PORT: 'tcp://198.18.128.9:80',
      WEB_FRONT_PORT_8443_TCP: 'tcp://198.18.128.9:8443',
      WEB_FRONT_PORT_8443_TCP_PORT: '8443',
      WEB_FRONT_PORT_8443_TCP_PROTO: 'tcp',
    });
    expect(Object.keys(vars).some((k) => k.startsWith('DB_'))).toBe(false);
  });

  it('keeps only the kubernetes Service when service links are off', () => {
    expect([...serviceEnv(entries, 'shop', false).keys()].every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
  });
});
