// What apiextensions checks of spec.conversion: a known strategy; Webhook needs exactly one of a
// URL or a Service to call, a caBundle that holds certificates, and ConversionReview versions
// including one the API server speaks; None carries no webhook. The field paths are those
// kube-apiserver reports (its internal names: webhookClientConfig, conversionReviewVersions).
import type { CustomResourceDefinition } from '../../generated/kubernetes-types';
import { dns1035Label } from '../../meta/names';
import type { Cause } from '../../schema';
import { clientConfigRules } from '../validatingwebhookconfiguration/webhook-client-config';

const STRATEGIES = ['None', 'Webhook'];
/** The ConversionReview versions this API server can send (it sends v1; v1beta1 has the same shape). */
export const CONVERSION_REVIEW_VERSIONS = ['v1', 'v1beta1'];
const PATH = 'spec.conversion';

function strategyRules(crd: CustomResourceDefinition, causes: Cause[]): void {
  const strategy = crd.spec.conversion?.strategy ?? '';
  const field = `${PATH}.strategy`;
  if (!strategy) causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
  else if (!STRATEGIES.includes(strategy))
    causes.push({
      reason: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${JSON.stringify(strategy)}: supported values: ${STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
    });
  else if (strategy !== 'None' && crd.spec.preserveUnknownFields)
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(strategy)}: must be None if spec.preserveUnknownFields is true`,
    });
}

/** True when the base64 bundle decodes to at least one PEM certificate. */
export function caBundleParses(caBundle: string): boolean {
  const text = Buffer.from(caBundle, 'base64').toString('utf8');
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text);
}

function established(crd: CustomResourceDefinition | undefined): boolean {
  return !!crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
}

/** As upstream: a bad bundle may stay only while the old one was bad too or the kind is not yet served. */
function caBundleRules(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined, causes: Cause[]): void {
  const bundle = crd.spec.conversion?.webhook?.clientConfig?.caBundle;
  if (!bundle || caBundleParses(bundle)) return;
  const oldBundle = old?.spec.conversion?.webhook?.clientConfig?.caBundle;
  if (old && (!established(old) || (oldBundle && !caBundleParses(oldBundle)))) return;
  causes.push({
    reason: 'FieldValueInvalid',
    field: `${PATH}.webhookClientConfig.caBundle`,
    message: `Invalid value: ${JSON.stringify(bundle)}: unable to load root certificates: unable to parse bytes as PEM block`,
  });
}

function reviewVersionRules(versions: string[], causes: Cause[]): void {
  const field = `${PATH}.conversionReviewVersions`;
  if (versions.length === 0) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const bad = (why: string) =>
      causes.push({ reason: 'FieldValueInvalid', field: `${field}[${i}]`, message: `Invalid value: ${JSON.stringify(v)}: ${why}` });
    if (seen.has(v)) return bad('duplicate version');
    seen.add(v);
    const problem = dns1035Label(v);
    if (problem) bad(problem);
  });
  if (!versions.some((v) => CONVERSION_REVIEW_VERSIONS.includes(v)))
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(versions)}: must include at least one of ${CONVERSION_REVIEW_VERSIONS.join(', ')}`,
    });
}

export function conversionRules(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined, causes: Cause[]): void {
  const conversion = crd.spec.conversion;
  if (!conversion) return;
  strategyRules(crd, causes);
  const webhook = conversion.webhook;
  if (conversion.strategy === 'Webhook') {
    const config = webhook?.clientConfig;
    if (!config)
      causes.push({
        reason: 'FieldValueRequired',
        field: `${PATH}.webhookClientConfig`,
        message: 'Required value: required when strategy is set to Webhook',
      });
    else {
      clientConfigRules(config, `${PATH}.webhookClientConfig`, causes);
      caBundleRules(crd, old, causes);
    }
    reviewVersionRules(webhook?.conversionReviewVersions ?? [], causes);
    return;
  }
  const forbidden = (field: string) =>
    causes.push({ reason: 'FieldValueForbidden', field, message: 'Forbidden: should not be set when strategy is not set to Webhook' });
  if (webhook?.clientConfig) forbidden(`${PATH}.webhookClientConfig`);
  if (webhook?.conversionReviewVersions?.length) forbidden(`${PATH}.conversionReviewVersions`);
}
