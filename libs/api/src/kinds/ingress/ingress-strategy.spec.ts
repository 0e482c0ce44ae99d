import type { Ingress } from '../../generated/kubernetes-types';
import { validate } from '../../validate';
import { admitIngress } from './ingress-admission';
import { ingresses } from './ingress-strategy';

const backend = { service: { name: 'web', port: { number: 80 } } };
const ingress = (spec: Ingress['spec']): Ingress => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'default' },
  spec,
});

/** The causes as the 422's message lists them: `field: message`. */
function problems(i: Ingress): string[] {
  const { causes } = validate(ingresses.schema, i);
  ingresses.defaults(i);
  return [...causes, ...ingresses.validate(i)].map((c) => `${c.field}: ${c.message}`);
}

describe('Ingress strategy', () => {
  it('accepts hosts, wildcards, every path type and TLS', () => {
    const paths = [
      { path: '/', pathType: 'Prefix', backend },
      { path: '/exact', pathType: 'Exact', backend },
      { pathType: 'ImplementationSpecific', backend },
    ];
    const spec = {
      rules: [
        { host: 'a.example.com', http: { paths } },
        { host: '*.example.com', http: { paths } },
      ],
      tls: [{ hosts: ['a.example.com'], secretName: 'tls' }],
    };
    expect(problems(ingress(spec))).toEqual([]);
    expect(problems(ingress({ defaultBackend: backend }))).toEqual([]);
  });

  it('needs rules or a default backend', () => {
    expect(problems(ingress({}))).toEqual(['spec: Invalid value: {}: either `defaultBackend` or `rules` must be specified']);
  });

  it('refuses IP hosts, bad wildcards, relative paths and unknown path types', () => {
    const found = problems(
      ingress({
        rules: [
          { host: '1.2.3.4', http: { paths: [{ path: 'foo', pathType: 'Prefix', backend }] } },
          {
            host: 'a.*.com',
            http: {
              paths: [
                { path: '/a//b', pathType: 'Exact', backend },
                { path: '/', pathType: 'Regex', backend },
              ],
            },
          },
        ],
      }),
    );
    expect(found).toEqual([
      'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path',
      expect.stringMatching(/^spec\.rules\[1\]\.host: Invalid value: "a\.\*\.com": a lowercase RFC 1123 subdomain/),
      'spec.rules[1].http.paths[0].path: Invalid value: "/a//b": must not contain \'//\'',
      'spec.rules[1].http.paths[1].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });

  it('wants exactly one backend and a port by name or number', () => {
    const found = problems(
      ingress({
        rules: [
          {
            http: {
              paths: [
                { path: '/a', pathType: 'Prefix', backend: {} },
                { path: '/b', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http', number: 80 } } } },
                { path: '/c', pathType: 'Prefix', backend: { service: { name: 'web' } } },
                { path: '/d', pathType: 'Prefix', backend: { ...backend, resource: { kind: 'Bucket', name: 'b' } } },
              ],
            },
          },
        ],
      }),
    );
    expect(found).toEqual([
      'spec.rules[0].http.paths[0].backend: Required value: one of `service` or `resource` must be specified',
      'spec.rules[0].http.paths[1].backend.service.port: Invalid value: "": cannot set both port name & port number',
      'spec.rules[0].http.paths[2].backend.service.port: Required value: port name or number is required',
      'spec.rules[0].http.paths[3].backend: Invalid value: "": cannot set both resource and service backends',
    ]);
  });

  it('requires a pathType', () => {
    const i = ingress({ rules: [{ http: { paths: [{ path: '/', backend } as never] } }] });
    expect(problems(i)).toContainEqual('spec.rules[0].http.paths[0].pathType: Required value');
  });

  it('gets the default class at admission unless it names one', () => {
    const dflt = { metadata: { name: 'stevedore' }, spec: { controller: 'stevedore.io/ingress' } };
    const plain = ingress({ defaultBackend: backend });
    admitIngress(plain, dflt);
    expect(plain.spec?.ingressClassName).toBe('stevedore');
    const named = ingress({ defaultBackend: backend, ingressClassName: 'nginx' });
    admitIngress(named, dflt);
    expect(named.spec?.ingressClassName).toBe('nginx');
  });
});
