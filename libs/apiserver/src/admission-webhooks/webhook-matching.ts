// Which webhooks a write goes to, as kube-apiserver's webhook matchers decide: the rules
// (operation, group, version, resource/subresource, scope), matchPolicy Equivalent (another
// served version of the same resource), then the namespace and object label selectors.
import {
  type LabelSelector,
  labelSelectorMatches,
  type MutatingWebhook,
  type ResourceStrategy,
  type RuleWithOperations,
  servedResources,
  type ValidatingWebhook,
} from '@stevedore/api';
import type { AdmissionAttributes } from './admission-attributes';
import type { WebhookSources } from './webhook-sources';

export type Webhook = ValidatingWebhook | MutatingWebhook;

const has = (values: string[] | undefined, value: string) => (values ?? []).some((v) => v === '*' || v === value);

/** `pods` matches the resource only, `pods/*` it and every subresource, `*\/status` any status. */
function resourceMatches(resources: string[] | undefined, plural: string, subresource: string): boolean {
  return (resources ?? []).some((entry) => {
    const [res, sub = ''] = entry.split('/', 2) as [string, string?];
    return (res === '*' || res === plural) && (sub === '*' || sub === subresource);
  });
}

function scopeMatches(scope: string | undefined, resource: ResourceStrategy): boolean {
  if (scope === 'Cluster') return !resource.namespaced;
  if (scope === 'Namespaced') return resource.namespaced;
  return true;
}

export function ruleMatches(rule: RuleWithOperations, a: AdmissionAttributes, version: ResourceStrategy = a.resource): boolean {
  return (
    has(rule.operations, a.operation) &&
    has(rule.apiGroups, version.group) &&
    has(rule.apiVersions, version.version) &&
    resourceMatches(rule.resources, version.plural, a.subresource ?? '') &&
    scopeMatches(rule.scope, version)
  );
}

/** The other served versions of the request's resource (HorizontalPodAutoscalers' autoscaling/v1, say). */
function equivalents(resource: ResourceStrategy): ResourceStrategy[] {
  return servedResources().filter((r) => r !== resource && r.group === resource.group && r.plural === resource.plural);
}

/**
 * The version the webhook is to be called with: the request's own when a rule names it, else
 * (under Equivalent) another served version a rule names; undefined when no rule matches.
 */
export function matchedVersion(webhook: Webhook, a: AdmissionAttributes): ResourceStrategy | undefined {
  const rules = webhook.rules ?? [];
  if (rules.some((rule) => ruleMatches(rule, a))) return a.resource;
  if (webhook.matchPolicy === 'Exact') return undefined;
  return equivalents(a.resource).find((version) => rules.some((rule) => ruleMatches(rule, a, version)));
}

const isEmpty = (s: LabelSelector | undefined) => !s || (!Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length);

/** Namespaces are judged by their own labels; other cluster-scoped objects always match. */
export function namespaceMatches(webhook: Webhook, a: AdmissionAttributes, sources: Pick<WebhookSources, 'namespaceLabels'>): boolean {
  const selector = webhook.namespaceSelector;
  if (isEmpty(selector)) return true;
  if (a.resource.group === '' && a.resource.plural === 'namespaces') {
    return [a.object, a.oldObject].some((o) => o && labelSelectorMatches(selector!, o.metadata.labels));
  }
  if (!a.resource.namespaced || !a.namespace) return true;
  return labelSelectorMatches(selector!, sources.namespaceLabels(a.namespace) ?? {});
}

/** Either the new or the old object's labels may match (so a delete or relabel is still seen). */
export function objectMatches(webhook: Webhook, a: AdmissionAttributes): boolean {
  const selector = webhook.objectSelector;
  if (isEmpty(selector)) return true;
  // A CONNECT's options have no metadata: only a selector that asks nothing matches them.
  return [a.object, a.oldObject].some((o) => o && labelSelectorMatches(selector!, o.metadata?.labels ?? {}));
}

/** Webhook configurations are never sent to webhooks: a broken webhook could otherwise lock its own fix out. */
const EXEMPT = new Set([
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
]);

/** The version to call `webhook` with for this write, or undefined when it does not apply. */
export function webhookApplies(
  webhook: Webhook,
  a: AdmissionAttributes,
  sources: Pick<WebhookSources, 'namespaceLabels'>,
): ResourceStrategy | undefined {
  if (EXEMPT.has(`${a.resource.group}/${a.resource.plural}`)) return undefined;
  const version = matchedVersion(webhook, a);
  if (!version || !namespaceMatches(webhook, a, sources) || !objectMatches(webhook, a)) return undefined;
  return version;
}
