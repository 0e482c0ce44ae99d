import type { APIService } from '../../generated/kubernetes-types';
import { apiServices } from './apiservice-strategy';

function api(name: string, spec: Partial<NonNullable<APIService['spec']>>): APIService {
  return { metadata: { name }, spec: { groupPriorityMinimum: 100, versionPriority: 15, ...spec } };
}

const fields = (a: APIService) => apiServices.validate(a).map((c) => c.field);

describe('APIService validation', () => {
  it('accepts an aggregated group-version named VERSION.GROUP', () => {
    const a = api('v1beta1.metrics.example.com', {
      group: 'metrics.example.com',
      version: 'v1beta1',
      service: { namespace: 'kube-system', name: 'metrics' },
      insecureSkipTLSVerify: true,
    });
    apiServices.defaults(a);
    expect(apiServices.validate(a)).toEqual([]);
    expect(a.spec?.service?.port).toBe(443);
  });

  it('accepts the local core APIService "v1."', () => {
    expect(fields(api('v1.', { group: '', version: 'v1' }))).toEqual([]);
  });

  it('refuses a name that is not VERSION.GROUP, with the name it must have', () => {
    const causes = apiServices.validate(api('metrics', { group: 'example.com', version: 'v1' }));
    expect(causes[0]).toMatchObject({ field: 'metadata.name', message: expect.stringContaining('"v1.example.com"') });
  });

  it('refuses out-of-range priorities, a bad version and an empty group for other versions', () => {
    const a = api('v1beta1.', { group: '', version: 'v1beta1', groupPriorityMinimum: 0, versionPriority: 1001 });
    expect(fields(a)).toEqual(['spec.group', 'spec.groupPriorityMinimum', 'spec.versionPriority']);
    expect(fields(api('V1.example.com', { group: 'example.com', version: 'V1' }))).toEqual(['spec.version']);
  });

  it('refuses TLS settings on a local APIService and both TLS settings on a remote one', () => {
    const local = api('v1.example.com', { group: 'example.com', version: 'v1', insecureSkipTLSVerify: true });
    expect(fields(local)).toEqual(['spec.insecureSkipTLSVerify']);
    const both = api('v1.example.com', {
      group: 'example.com',
      version: 'v1',
      caBundle: Buffer.from('ca').toString('base64'),
      insecureSkipTLSVerify: true,
      service: { namespace: 'ns', name: 'svc', port: 70000 },
    });
    expect(fields(both)).toEqual(['spec.service.port', 'spec.insecureSkipTLSVerify']);
  });

  it('prints Local or the service and the availability as kubectl does', () => {
    const a = api('v1.example.com', { group: 'example.com', version: 'v1', service: { namespace: 'ns', name: 'svc' } });
    a.status = { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] };
    expect(apiServices.printer.cells(a, Date.now()).slice(0, 3)).toEqual(['v1.example.com', 'ns/svc', 'False (MissingEndpoints)']);
  });
});
