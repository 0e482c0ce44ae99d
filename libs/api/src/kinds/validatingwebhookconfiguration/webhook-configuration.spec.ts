import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from '../../generated/kubernetes-types';
import { mutatingWebhookConfigurations } from '../mutatingwebhookconfiguration/mutating-webhook-configuration-strategy';
import { validatingWebhookConfigurations } from './validating-webhook-configuration-strategy';

type Hook = NonNullable<ValidatingWebhookConfiguration['webhooks']>[number];

const hook = (extra: Partial<Hook> = {}): Hook => ({
  name: 'check.example.com',
  admissionReviewVersions: ['v1'],
  sideEffects: 'None',
  clientConfig: { url: 'https://hooks.example.com/check' },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  ...extra,
});

function problems(...webhooks: Hook[]): string[] {
  const c: ValidatingWebhookConfiguration = { metadata: { name: 'c' }, webhooks };
  validatingWebhookConfigurations.defaults(c);
  return validatingWebhookConfigurations.validate(c).map((x) => `${x.field}: ${x.message}`);
}

describe('webhook configurations', () => {
  it("fills in Kubernetes' defaults", () => {
    const c: MutatingWebhookConfiguration = {
      metadata: { name: 'm' },
      webhooks: [hook({ clientConfig: { service: { namespace: 'infra', name: 'hooks' } } })],
    };
    mutatingWebhookConfigurations.defaults(c);
    expect(c.webhooks![0]).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      timeoutSeconds: 10,
      reinvocationPolicy: 'Never',
      namespaceSelector: {},
      objectSelector: {},
      clientConfig: { service: { port: 443 } },
      rules: [{ scope: '*' }],
    });
    expect(mutatingWebhookConfigurations.validate(c)).toEqual([]);
  });

  it('wants fully qualified, unique names, v1 reviews and no side effects', () => {
    expect(problems(hook({ name: 'check' }), hook({ admissionReviewVersions: ['v1beta1'], sideEffects: 'Some' }), hook())).toEqual([
      'webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots',
      'webhooks[1].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      'webhooks[1].admissionReviewVersions: Invalid value: ["v1beta1"]: must include at least one of v1',
      'webhooks[2].name: Duplicate value: "check.example.com"',
    ]);
  });

  it('takes exactly one of url (https, nothing but host and path) or service', () => {
    expect(problems(hook({ clientConfig: {} }))).toEqual([
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
    ]);
    expect(problems(hook({ clientConfig: { url: 'http://a.example.com', service: { namespace: 'n', name: 's' } } }))).toEqual([
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
    ]);
    expect(problems(hook({ clientConfig: { url: 'http://u:p@a.example.com/x?y=1#z' } }))).toEqual([
      `webhooks[0].clientConfig.url: Invalid value: "http://u:p@a.example.com/x?y=1#z": 'https' is the only allowed URL scheme`,
      'webhooks[0].clientConfig.url: Invalid value: "http://u:p@a.example.com/x?y=1#z": user information is not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "http://u:p@a.example.com/x?y=1#z": fragments are not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "http://u:p@a.example.com/x?y=1#z": query parameters are not permitted in the URL',
    ]);
    expect(problems(hook({ clientConfig: { service: { namespace: 'infra', name: 'hooks', path: 'check', port: 70000 } } }))).toEqual([
      `webhooks[0].clientConfig.service.path: Invalid value: "check": must start with a '/'`,
      'webhooks[0].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive',
    ]);
  });

  it('checks rules, policies and the timeout', () => {
    const rules = [{ operations: ['CREATE', '*', 'PATCH'], apiGroups: [], apiVersions: ['v1'], resources: ['pods'], scope: 'Everywhere' }];
    expect(problems(hook({ rules, failurePolicy: 'Maybe', timeoutSeconds: 31 }))).toEqual([
      'webhooks[0].rules[0].operations[2]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      `webhooks[0].rules[0].operations: Invalid value: ["CREATE","*","PATCH"]: if '*' is present, must not specify other operations`,
      'webhooks[0].rules[0].apiGroups: Required value',
      'webhooks[0].rules[0].scope: Unsupported value: "Everywhere": supported values: "*", "Cluster", "Namespaced"',
      'webhooks[0].failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
    ]);
    const m: MutatingWebhookConfiguration = {
      metadata: { name: 'm' },
      webhooks: [hook({ reinvocationPolicy: 'Always' } as Partial<Hook>)],
    };
    expect(mutatingWebhookConfigurations.validate(m).map((x) => x.message)).toEqual([
      'Unsupported value: "Always": supported values: "IfNeeded", "Never"',
    ]);
  });

  it('wants match conditions with unique qualified names and CEL that parses', () => {
    const matchConditions = [
      { name: 'ok', expression: "object.metadata.name == 'x'" },
      { name: 'ok', expression: 'object.(' },
    ];
    expect(problems(hook({ matchConditions }))).toEqual([
      'webhooks[0].matchConditions[1].name: Duplicate value: "ok"',
      expect.stringMatching(/^webhooks\[0\]\.matchConditions\[1\]\.expression: Invalid value: "object\.\(": compilation failed: ERROR: /),
    ]);
  });

  it('prints the columns kubectl prints', () => {
    const c = { metadata: { name: 'c' }, webhooks: [hook(), hook()] };
    expect(validatingWebhookConfigurations.printer.columns.map((x) => x.name)).toEqual(['Name', 'Webhooks', 'Age']);
    expect(validatingWebhookConfigurations.printer.cells(c, Date.now())).toEqual(['c', 2, '<unknown>']);
  });
});
