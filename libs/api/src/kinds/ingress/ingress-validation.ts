// What Kubernetes' ValidateIngress checks in code: rules or a default backend, host names that
// are DNS subdomains (a leading `*.` wildcard allowed, IP addresses not), a pathType on every
// path, absolute and clean paths for Exact and Prefix, exactly one backend (a Service or a
// resource), and a Service port given by name or by number, not both.
import type { Ingress, IngressBackend } from '../../generated/kubernetes-types';
import { parseIp } from '../../meta/cidr';
import { dns1123Subdomain } from '../../meta/names';
import type { Cause } from '../../schema';

export const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'] as const;
const SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const invalid = (field: string, value: unknown, problem: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${problem}`,
});

/** A host rule: a DNS subdomain, or `*.` and one (the wildcard covers exactly one label). */
export function hostProblem(host: string): string | undefined {
  if (parseIp(host) !== undefined) return 'must be a DNS name, not an IP address';
  if (host.startsWith('*.')) {
    const rest = dns1123Subdomain(host.slice(2));
    return rest
      ? "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com')"
      : undefined;
  }
  return dns1123Subdomain(host);
}

/** Segments Exact and Prefix paths may not contain, as upstream refuses them. */
const UNCLEAN = ['//', '/./', '/../', '%2f', '%2F'];

function pathRules(path: string | undefined, pathType: string, field: string, causes: Cause[]): void {
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!path?.startsWith('/')) return void causes.push(invalid(`${field}.path`, path ?? '', 'must be an absolute path'));
    const bad = UNCLEAN.find((s) => path.includes(s));
    if (bad) causes.push(invalid(`${field}.path`, path, `must not contain '${bad}'`));
    else if (path.endsWith('/..') || path.endsWith('/.'))
      causes.push(invalid(`${field}.path`, path, `cannot end with '${path.endsWith('/..') ? '/..' : '/.'}'`));
  } else if (pathType === 'ImplementationSpecific' && path && !path.startsWith('/')) {
    causes.push(invalid(`${field}.path`, path, 'must be an absolute path'));
  }
}

export function backendRules(backend: IngressBackend, field: string, causes: Cause[]): void {
  if (backend.service && backend.resource) {
    causes.push(invalid(field, '', 'cannot set both resource and service backends'));
  } else if (!backend.service && !backend.resource) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value: one of `service` or `resource` must be specified' });
  }
  const port = backend.service?.port;
  if (!backend.service) return;
  const portField = `${field}.service.port`;
  if (backend.service.name && dns1123Subdomain(backend.service.name))
    causes.push(invalid(`${field}.service.name`, backend.service.name, dns1123Subdomain(backend.service.name)!));
  if (!port || (port.name === undefined && port.number === undefined)) {
    causes.push({ reason: 'FieldValueRequired', field: portField, message: 'Required value: port name or number is required' });
  } else if (port.name !== undefined && port.number !== undefined) {
    causes.push(invalid(portField, '', 'cannot set both port name & port number'));
  } else if (port.number !== undefined && (port.number < 1 || port.number > 65535)) {
    causes.push(invalid(`${portField}.number`, port.number, 'must be between 1 and 65535, inclusive'));
  } else if (port.name !== undefined && (port.name.length > 15 || !SVC_NAME.test(port.name) || !/[a-z]/.test(port.name))) {
    causes.push(
      invalid(
        `${portField}.name`,
        port.name,
        "must be no more than 15 characters, lower case alphanumeric or '-', with at least one letter",
      ),
    );
  }
}

function ruleRules(ingress: Ingress, causes: Cause[]): void {
  for (const [i, rule] of (ingress.spec?.rules ?? []).entries()) {
    const field = `spec.rules[${i}]`;
    if (rule.host !== undefined && rule.host !== '') {
      const problem = hostProblem(rule.host);
      if (problem) causes.push(invalid(`${field}.host`, rule.host, problem));
    }
    if (!rule.http) continue;
    if (!rule.http.paths.length) causes.push({ reason: 'FieldValueRequired', field: `${field}.http.paths`, message: 'Required value' });
    for (const [j, p] of rule.http.paths.entries()) {
      const pathField = `${field}.http.paths[${j}]`;
      if (!p.pathType) {
        causes.push({
          reason: 'FieldValueRequired',
          field: `${pathField}.pathType`,
          message: 'Required value: pathType must be specified',
        });
      } else if (!(PATH_TYPES as readonly string[]).includes(p.pathType)) {
        causes.push({
          reason: 'FieldValueNotSupported',
          field: `${pathField}.pathType`,
          message: `Unsupported value: "${p.pathType}": supported values: ${PATH_TYPES.map((t) => `"${t}"`).join(', ')}`,
        });
      }
      pathRules(p.path, p.pathType, pathField, causes);
      backendRules(p.backend, `${pathField}.backend`, causes);
    }
  }
}

function tlsRules(ingress: Ingress, causes: Cause[]): void {
  for (const [i, tls] of (ingress.spec?.tls ?? []).entries()) {
    for (const [j, host] of (tls.hosts ?? []).entries()) {
      const problem = hostProblem(host);
      if (problem) causes.push(invalid(`spec.tls[${i}].hosts[${j}]`, host, problem));
    }
    if (tls.secretName && dns1123Subdomain(tls.secretName))
      causes.push(invalid(`spec.tls[${i}].secretName`, tls.secretName, dns1123Subdomain(tls.secretName)!));
  }
}

export function ingressRules(ingress: Ingress): Cause[] {
  const causes: Cause[] = [];
  const spec = ingress.spec ?? {};
  if (!spec.defaultBackend && !spec.rules?.length)
    causes.push(invalid('spec', spec, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) backendRules(spec.defaultBackend, 'spec.defaultBackend', causes);
  if (spec.ingressClassName !== undefined) {
    const problem = dns1123Subdomain(spec.ingressClassName);
    if (problem) causes.push(invalid('spec.ingressClassName', spec.ingressClassName, problem));
  }
  ruleRules(ingress, causes);
  tlsRules(ingress, causes);
  return causes;
}
