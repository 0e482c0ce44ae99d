// What Kubernetes' ValidateNetworkPolicySpec checks in code: policy types, ports (protocol, port
// number or name, endPort only after a numeric port and not below it), peers (at least one
// selector or an ipBlock, never an ipBlock beside a selector), ipBlock ranges whose exceptions
// lie strictly inside them, and selector requirements with values exactly when their operator
// takes them.
import { isIPv6 } from 'net';
import type { IPBlock, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from '../../generated/kubernetes-types';
import { cidrContains, parseCidr } from '../../meta/cidr';
import { dns1123Label } from '../../meta/names';
import type { Cause } from '../../schema';

const POLICY_TYPES = ['Ingress', 'Egress'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const invalid = (field: string, value: unknown, message: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
});
const notSupported = (field: string, value: string, allowed: string[]): Cause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
});

export function selectorRules(selector: LabelSelector | undefined, field: string, causes: Cause[]): void {
  for (const [i, req] of (selector?.matchExpressions ?? []).entries()) {
    const path = `${field}.matchExpressions[${i}].values`;
    const takesValues = req.operator === 'In' || req.operator === 'NotIn';
    const count = req.values?.length ?? 0;
    if (takesValues && count === 0)
      causes.push({
        reason: 'FieldValueRequired',
        field: path,
        message: "Required value: must be specified when `operator` is 'In' or 'NotIn'",
      });
    if (!takesValues && count > 0)
      causes.push({
        reason: 'FieldValueForbidden',
        field: path,
        message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      });
  }
}

/** Kubernetes' IsValidPortName: an IANA service name. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  return dns1123Label(name);
}

function portRules(port: NetworkPolicyPort, field: string, causes: Cause[]): void {
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol))
    causes.push(notSupported(`${field}.protocol`, port.protocol, PROTOCOLS));
  const value = port.port;
  if (typeof value === 'number') {
    if (value < 1 || value > 65535) causes.push(invalid(`${field}.port`, value, 'must be between 1 and 65535, inclusive'));
    if (port.endPort !== undefined && port.endPort < value)
      causes.push(invalid(`${field}.endPort`, port.endPort, 'must be greater than or equal to `port`'));
  } else if (typeof value === 'string') {
    const problem = portNameProblem(value);
    if (problem) causes.push(invalid(`${field}.port`, value, problem));
    if (port.endPort !== undefined)
      causes.push({
        reason: 'FieldValueForbidden',
        field: `${field}.endPort`,
        message: 'Forbidden: may not be specified when port is non-numeric',
      });
  } else if (port.endPort !== undefined) {
    causes.push({
      reason: 'FieldValueRequired',
      field: `${field}.endPort`,
      message: 'Required value: may not be specified when port is not specified',
    });
  }
  if (port.endPort !== undefined && (port.endPort < 1 || port.endPort > 65535))
    causes.push(invalid(`${field}.endPort`, port.endPort, 'must be between 1 and 65535, inclusive'));
}

type Range = { family: 4; base: number; bits: number } | { family: 6; bits: number };

/** An IPv4 or IPv6 range as Kubernetes' legacy CIDR fields take it (host bits may be set). */
function rangeOf(text: string): Range | undefined {
  const [address, bitsText, extra] = text.split('/');
  if (extra !== undefined || !/^\d{1,3}$/.test(bitsText ?? '')) return undefined;
  const bits = Number(bitsText);
  if (address && isIPv6(address)) return bits <= 128 ? { family: 6, bits } : undefined;
  try {
    return { family: 4, ...parseCidr(text) };
  } catch {
    return undefined;
  }
}

const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function ipBlockRules(block: IPBlock, field: string, causes: Cause[]): void {
  if (!block.cidr) {
    causes.push({ reason: 'FieldValueRequired', field: `${field}.cidr`, message: 'Required value' });
    return;
  }
  const outer = rangeOf(block.cidr);
  if (!outer) causes.push(invalid(`${field}.cidr`, block.cidr, CIDR_MESSAGE));
  for (const [i, text] of (block.except ?? []).entries()) {
    const path = `${field}.except[${i}]`;
    const inner = rangeOf(text);
    if (!inner) {
      causes.push(invalid(path, text, CIDR_MESSAGE));
      continue;
    }
    if (!outer) continue;
    const inside =
      inner.family === outer.family &&
      inner.bits > outer.bits &&
      (inner.family === 6 || (outer.family === 4 && cidrContains(outer, inner.base)));
    if (!inside) causes.push(invalid(path, text, 'must be a strict subset of `cidr`'));
  }
}

function peerRules(peer: NetworkPolicyPeer, field: string, causes: Cause[]): void {
  const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((p) => p !== undefined).length;
  selectorRules(peer.podSelector, `${field}.podSelector`, causes);
  selectorRules(peer.namespaceSelector, `${field}.namespaceSelector`, causes);
  if (peer.ipBlock) ipBlockRules(peer.ipBlock, `${field}.ipBlock`, causes);
  if (count === 0) causes.push({ reason: 'FieldValueRequired', field, message: 'Required value: must specify a peer' });
  else if (count > 1 && peer.ipBlock)
    causes.push({ reason: 'FieldValueForbidden', field, message: 'Forbidden: may not specify both ipBlock and another peer' });
}

function ruleRules(
  rule: { ports?: NetworkPolicyPort[] },
  peers: NetworkPolicyPeer[] | undefined,
  field: string,
  peerField: string,
  causes: Cause[],
): void {
  for (const [j, port] of (rule.ports ?? []).entries()) portRules(port, `${field}.ports[${j}]`, causes);
  for (const [j, peer] of (peers ?? []).entries()) peerRules(peer, `${field}.${peerField}[${j}]`, causes);
}

export function networkPolicySpecRules(spec: NetworkPolicySpec | undefined, causes: Cause[]): void {
  if (!spec) return;
  selectorRules(spec.podSelector, 'spec.podSelector', causes);
  for (const [i, rule] of (spec.ingress ?? []).entries()) ruleRules(rule, rule.from, `spec.ingress[${i}]`, 'from', causes);
  for (const [i, rule] of (spec.egress ?? []).entries()) ruleRules(rule, rule.to, `spec.egress[${i}]`, 'to', causes);
  for (const [i, type] of (spec.policyTypes ?? []).entries())
    if (!POLICY_TYPES.includes(type)) causes.push(notSupported(`spec.policyTypes[${i}]`, type, POLICY_TYPES));
  if ((spec.policyTypes ?? []).length > 2)
    causes.push(invalid('spec.policyTypes', spec.policyTypes, 'may not specify more than two policyTypes'));
}
