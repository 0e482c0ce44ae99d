// What ValidateWebhookClientConfig checks: a webhook is reached through exactly one of a URL
// (https, no credentials, query or fragment: the API server adds nothing to it) or a Service.
import type { AdmissionregistrationV1WebhookClientConfig as ClientConfig } from '../../generated/kubernetes-types';
import { dns1123Label, dns1123Subdomain } from '../../meta/names';
import type { Cause } from '../../schema';

function urlRules(raw: string, field: string, causes: Cause[]): void {
  const bad = (message: string) =>
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(raw)}: ${message}` });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    bad('host must be specified');
    return;
  }
  if (url.protocol !== 'https:') bad("'https' is the only allowed URL scheme");
  if (!url.hostname) bad('host must be specified');
  if (url.username || url.password) bad('user information is not permitted in the URL');
  if (url.hash || raw.includes('#')) bad('fragments are not permitted in the URL');
  if (url.search || raw.includes('?')) bad('query parameters are not permitted in the URL');
}

function serviceRules(service: NonNullable<ClientConfig['service']>, field: string, causes: Cause[]): void {
  if (!service.namespace)
    causes.push({ reason: 'FieldValueRequired', field: `${field}.namespace`, message: 'Required value: service namespace is required' });
  else {
    const problem = dns1123Label(service.namespace);
    if (problem)
      causes.push({
        reason: 'FieldValueInvalid',
        field: `${field}.namespace`,
        message: `Invalid value: ${JSON.stringify(service.namespace)}: ${problem}`,
      });
  }
  if (!service.name)
    causes.push({ reason: 'FieldValueRequired', field: `${field}.name`, message: 'Required value: service name is required' });
  else {
    const problem = dns1123Subdomain(service.name);
    if (problem)
      causes.push({
        reason: 'FieldValueInvalid',
        field: `${field}.name`,
        message: `Invalid value: ${JSON.stringify(service.name)}: ${problem}`,
      });
  }
  const path = service.path;
  if (path !== undefined && !path.startsWith('/'))
    causes.push({
      reason: 'FieldValueInvalid',
      field: `${field}.path`,
      message: `Invalid value: ${JSON.stringify(path)}: must start with a '/'`,
    });
  const port = service.port;
  if (port !== undefined && (port < 1 || port > 65535))
    causes.push({
      reason: 'FieldValueInvalid',
      field: `${field}.port`,
      message: `Invalid value: ${port}: port is not valid: must be between 1 and 65535, inclusive`,
    });
}

export function clientConfigRules(config: ClientConfig | undefined, field: string, causes: Cause[]): void {
  const hasUrl = config?.url !== undefined;
  const hasService = config?.service !== undefined;
  if (hasUrl === hasService) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value: exactly one of url or service is required' });
    return;
  }
  if (config?.url !== undefined) urlRules(config.url, `${field}.url`, causes);
  if (config?.service) serviceRules(config.service, `${field}.service`, causes);
}
