// The rules kube-aggregator checks in code on an APIService: the name is VERSION.GROUP, the
// priorities are in range, and a local APIService (no service) carries no TLS settings.
import type { APIService } from '../../generated/kubernetes-types';
import { dns1035Label, dns1123Subdomain } from '../../meta/names';
import type { Cause } from '../../schema';

function invalid(field: string, value: unknown, detail: string): Cause {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${shown}: ${detail}` };
}

function required(field: string, detail = ''): Cause {
  return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** A path segment: kube-apiserver refuses these names before anything else. */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

function groupAndVersion(spec: NonNullable<APIService['spec']>, causes: Cause[]): void {
  const group = spec.group ?? '';
  const version = spec.version ?? '';
  if (!group && version !== 'v1') causes.push(required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  const groupProblem = group ? dns1123Subdomain(group) : undefined;
  if (groupProblem) causes.push(invalid('spec.group', group, groupProblem));
  const versionProblem = dns1035Label(version);
  if (versionProblem) causes.push(invalid('spec.version', version, versionProblem));
}

function priorities(spec: NonNullable<APIService['spec']>, causes: Cause[]): void {
  const g = spec.groupPriorityMinimum;
  if (!(g > 0 && g <= 20000)) causes.push(invalid('spec.groupPriorityMinimum', g, 'must be positive and less than 20000'));
  const v = spec.versionPriority;
  if (!(v > 0 && v <= 1000)) causes.push(invalid('spec.versionPriority', v, 'must be positive and less than 1000'));
}

function serviceRules(spec: NonNullable<APIService['spec']>, causes: Cause[]): void {
  const service = spec.service;
  const caBytes = spec.caBundle ? Buffer.from(spec.caBundle, 'base64').length : 0;
  if (!service) {
    if (caBytes) causes.push(invalid('spec.caBundle', `${caBytes} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify)
      causes.push(invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return;
  }
  if (!service.namespace) causes.push(required('spec.service.namespace'));
  if (!service.name) causes.push(required('spec.service.name'));
  const port = service.port ?? 443;
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535))
    causes.push(invalid('spec.service.port', port, 'must be between 1 and 65535, inclusive'));
  if (spec.insecureSkipTLSVerify && caBytes)
    causes.push(invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
}

export function apiServiceRules(api: APIService): Cause[] {
  const spec = api.spec ?? { groupPriorityMinimum: 0, versionPriority: 0 };
  const causes: Cause[] = [];
  const name = api.metadata.name ?? '';
  const requiredName = `${spec.version ?? ''}.${spec.group ?? ''}`;
  if (name && name !== requiredName)
    causes.push(invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: "${requiredName}"`));
  groupAndVersion(spec, causes);
  priorities(spec, causes);
  serviceRules(spec, causes);
  return causes;
}
