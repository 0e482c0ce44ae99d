import type { CustomResourceConversion, CustomResourceDefinition } from '../../generated/kubernetes-types';
import { customResourceDefinitions } from './crd-strategy';

const PEM = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

function crd(conversion: CustomResourceConversion | undefined): CustomResourceDefinition {
  const schema = { openAPIV3Schema: { type: 'object' } };
  return {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        { name: 'v1alpha1', served: true, storage: false, schema },
        { name: 'v1', served: true, storage: true, schema },
      ],
      ...(conversion ? { conversion } : {}),
    },
  };
}

function problems(c: CustomResourceDefinition, old?: CustomResourceDefinition): string[] {
  customResourceDefinitions.defaults(c);
  return customResourceDefinitions.validate(c, old).map((x) => `${x.field}: ${x.message}`);
}

const webhook = (clientConfig: object, conversionReviewVersions = ['v1']) =>
  ({ strategy: 'Webhook', webhook: { clientConfig, conversionReviewVersions } }) as CustomResourceConversion;

describe('CRD conversion validation', () => {
  it('accepts a webhook by url or by service, and defaults the service port to 443', () => {
    expect(problems(crd(webhook({ url: 'https://127.0.0.1:9443/convert', caBundle: PEM })))).toEqual([]);
    const byService = crd(webhook({ service: { namespace: 'ns', name: 'conv', path: '/convert' } }, ['v1beta1', 'v1']));
    expect(problems(byService)).toEqual([]);
    expect(byService.spec.conversion?.webhook?.clientConfig?.service?.port).toBe(443);
  });

  it('requires a client config and a review version the server speaks for Webhook', () => {
    expect(problems(crd({ strategy: 'Webhook' }))).toEqual([
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
    expect(problems(crd(webhook({ url: 'https://h/convert' }, ['v2', 'v2'])))).toEqual([
      'spec.conversion.conversionReviewVersions[1]: Invalid value: "v2": duplicate version',
      'spec.conversion.conversionReviewVersions: Invalid value: ["v2","v2"]: must include at least one of v1, v1beta1',
    ]);
  });

  it('checks the url, the service and the caBundle with their field paths', () => {
    expect(problems(crd(webhook({ url: 'http://h/convert?x=1' })))).toEqual([
      `spec.conversion.webhookClientConfig.url: Invalid value: "http://h/convert?x=1": 'https' is the only allowed URL scheme`,
      'spec.conversion.webhookClientConfig.url: Invalid value: "http://h/convert?x=1": query parameters are not permitted in the URL',
    ]);
    expect(problems(crd(webhook({})))).toEqual([
      'spec.conversion.webhookClientConfig: Required value: exactly one of url or service is required',
    ]);
    expect(problems(crd(webhook({ service: { namespace: 'ns', name: 'conv', path: 'convert', port: 70000 } })))).toEqual([
      `spec.conversion.webhookClientConfig.service.path: Invalid value: "convert": must start with a '/'`,
      'spec.conversion.webhookClientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive',
    ]);
    const bad = Buffer.from('not a certificate').toString('base64');
    expect(problems(crd(webhook({ url: 'https://h/c', caBundle: bad })))).toEqual([
      `spec.conversion.webhookClientConfig.caBundle: Invalid value: "${bad}": unable to load root certificates: unable to parse bytes as PEM block`,
    ]);
  });

  it('keeps a bad caBundle an update does not change (upstream lets a bad bundle stay)', () => {
    const bad = Buffer.from('still not a certificate').toString('base64');
    const old = crd(webhook({ url: 'https://h/c', caBundle: bad }));
    old.status = { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] };
    expect(problems(crd(webhook({ url: 'https://h/c', caBundle: bad })), old)).toEqual([]);
  });

  it('refuses a webhook under None and an unknown strategy', () => {
    const none = { strategy: 'None', webhook: { clientConfig: { url: 'https://h/c' }, conversionReviewVersions: ['v1'] } };
    expect(problems(crd(none))).toEqual([
      'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
      'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
    ]);
    expect(problems(crd({ strategy: 'Magic' }))).toEqual([
      'spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"',
    ]);
  });
});
