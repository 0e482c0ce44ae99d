import { horizontalPodAutoscalers, namespaces, nodes, pods, type ValidatingWebhook, validatingWebhookConfigurations } from '@stevedore/api';
import type { AdmissionAttributes } from './admission-attributes';
import { ruleMatches, webhookApplies } from './webhook-matching';

const pod = (labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team', labels } });

function attrs(extra: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return { operation: 'CREATE', resource: pods, namespace: 'team', name: 'p', object: pod(), dryRun: false, ...extra };
}

function hook(extra: Partial<ValidatingWebhook> = {}): ValidatingWebhook {
  return {
    name: 'check.example.com',
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    clientConfig: { url: 'https://127.0.0.1/' },
    matchPolicy: 'Equivalent',
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
    ...extra,
  };
}

const namespaceLabels = (labels: Record<string, Record<string, string>>) => ({ namespaceLabels: (n: string) => labels[n] });
const noNamespaces = namespaceLabels({});

describe('webhook rules', () => {
  const rule = (r: Partial<ValidatingWebhook['rules'] & object>[number]) => ({
    operations: ['*'],
    apiGroups: ['*'],
    apiVersions: ['*'],
    ...r,
  });

  it('matches operations, groups and versions exactly or by *', () => {
    expect(ruleMatches(rule({ resources: ['pods'], operations: ['UPDATE'] }), attrs())).toBe(false);
    expect(ruleMatches(rule({ resources: ['pods'], operations: ['CREATE'] }), attrs())).toBe(true);
    expect(ruleMatches(rule({ resources: ['pods'], apiGroups: ['apps'] }), attrs())).toBe(false);
    expect(ruleMatches(rule({ resources: ['pods'], apiVersions: ['v2'] }), attrs())).toBe(false);
  });

  it('tells resources from subresources: pods, pods/*, */status and *', () => {
    const status = attrs({ subresource: 'status' });
    expect(ruleMatches(rule({ resources: ['pods'] }), status)).toBe(false);
    expect(ruleMatches(rule({ resources: ['pods/*'] }), status)).toBe(true);
    expect(ruleMatches(rule({ resources: ['pods/*'] }), attrs())).toBe(true);
    expect(ruleMatches(rule({ resources: ['*/status'] }), status)).toBe(true);
    expect(ruleMatches(rule({ resources: ['*'] }), status)).toBe(false);
    expect(ruleMatches(rule({ resources: ['*'] }), attrs())).toBe(true);
    expect(ruleMatches(rule({ resources: ['*/*'] }), status)).toBe(true);
  });

  it('matches the scope against the resource', () => {
    const node = attrs({ resource: nodes, namespace: undefined });
    expect(ruleMatches(rule({ resources: ['*'], scope: 'Cluster' }), node)).toBe(true);
    expect(ruleMatches(rule({ resources: ['*'], scope: 'Namespaced' }), node)).toBe(false);
    expect(ruleMatches(rule({ resources: ['*'], scope: 'Namespaced' }), attrs())).toBe(true);
  });
});

describe('which webhooks apply', () => {
  it('calls a webhook for another served version of the resource under Equivalent only', () => {
    const a = attrs({ resource: horizontalPodAutoscalers, namespace: 'team', object: undefined });
    const rules = [{ operations: ['CREATE'], apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'] }];
    const version = webhookApplies(hook({ rules }), a, noNamespaces);
    expect(version && `${version.group}/${version.version}`).toBe('autoscaling/v1');
    expect(webhookApplies(hook({ rules, matchPolicy: 'Exact' }), a, noNamespaces)).toBeUndefined();
  });

  it("selects namespaced objects by their namespace's labels and namespaces by their own", () => {
    const selector = { namespaceSelector: { matchLabels: { webhooks: 'on' } } };
    expect(webhookApplies(hook(selector), attrs(), namespaceLabels({ team: { webhooks: 'on' } }))).toBe(pods);
    expect(webhookApplies(hook(selector), attrs(), namespaceLabels({ team: { webhooks: 'off' } }))).toBeUndefined();
    const nsRule = { rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'] }] };
    const ns = (labels: Record<string, string>) =>
      attrs({ resource: namespaces, namespace: undefined, object: { metadata: { name: 'n', labels } } });
    expect(webhookApplies(hook({ ...selector, ...nsRule }), ns({ webhooks: 'on' }), noNamespaces)).toBe(namespaces);
    expect(webhookApplies(hook({ ...selector, ...nsRule }), ns({}), noNamespaces)).toBeUndefined();
  });

  it('selects by the labels of the new or the old object', () => {
    const selector = { objectSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } };
    expect(webhookApplies(hook(selector), attrs({ object: pod({ tier: 'db' }) }), noNamespaces)).toBeUndefined();
    expect(webhookApplies(hook(selector), attrs({ object: pod({ tier: 'web' }) }), noNamespaces)).toBe(pods);
    const relabel = attrs({ operation: 'UPDATE', object: pod({ tier: 'db' }), oldObject: pod({ tier: 'web' }) });
    expect(
      webhookApplies(
        hook({ ...selector, rules: [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] }),
        relabel,
        noNamespaces,
      ),
    ).toBe(pods);
  });

  it('never sends webhook configurations to webhooks', () => {
    const everything = { rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }] };
    expect(
      webhookApplies(hook(everything), attrs({ resource: validatingWebhookConfigurations, namespace: undefined }), noNamespaces),
    ).toBeUndefined();
    expect(webhookApplies(hook(everything), attrs(), noNamespaces)).toBe(pods);
  });
});
