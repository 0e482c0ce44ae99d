// What Kubernetes' ValidateEndpointSlice checks in code: a known address type that never
// changes, 1 to 100 addresses per endpoint in that type's format, and the size limits that keep
// one slice small (1000 endpoints, 100 ports).
import type { EndpointSlice } from '../../generated/kubernetes-types';
import { parseIp } from '../../meta/cidr';
import { dns1123Subdomain } from '../../meta/names';
import type { Cause } from '../../schema';

const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;

function addressProblem(type: string, address: string): string | undefined {
  if (type === 'IPv4') return parseIp(address) === undefined ? 'must be a valid IPv4 address' : undefined;
  if (type === 'IPv6') return /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':') ? undefined : 'must be a valid IPv6 address';
  return dns1123Subdomain(address);
}

function tooMany(field: string, count: number, max: number, causes: Cause[]): void {
  if (count > max) causes.push({ reason: 'FieldValueTooMany', field, message: `Too many: ${count}: must have at most ${max} items` });
}

function endpointRules(slice: EndpointSlice, causes: Cause[]): void {
  tooMany('endpoints', slice.endpoints.length, MAX_ENDPOINTS, causes);
  for (const [i, endpoint] of slice.endpoints.entries()) {
    const field = `endpoints[${i}].addresses`;
    if (!endpoint.addresses.length)
      causes.push({ reason: 'FieldValueRequired', field, message: 'Required value: must contain at least 1 address' });
    tooMany(field, endpoint.addresses.length, MAX_ADDRESSES, causes);
    for (const [j, address] of endpoint.addresses.entries()) {
      const problem = addressProblem(slice.addressType, address);
      if (problem)
        causes.push({ reason: 'FieldValueInvalid', field: `${field}[${j}]`, message: `Invalid value: "${address}": ${problem}` });
    }
  }
}

export function endpointSliceRules(slice: EndpointSlice, old: EndpointSlice | undefined, causes: Cause[]): void {
  endpointRules(slice, causes);
  tooMany('ports', slice.ports?.length ?? 0, MAX_PORTS, causes);
  if (old && old.addressType !== slice.addressType) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'addressType',
      message: `Invalid value: "${slice.addressType}": field is immutable`,
    });
  }
}
