import type { EndpointSlice } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { endpointSliceRules } from './endpointslice-validation';

const slice = (addressType: string, addresses: string[][]): EndpointSlice => ({
  metadata: { name: 's' },
  addressType,
  endpoints: addresses.map((a) => ({ addresses: a })),
});

function problems(s: EndpointSlice, old?: EndpointSlice): string[] {
  const causes: Cause[] = [];
  endpointSliceRules(s, old, causes);
  return causes.map((c) => `${c.field}: ${c.message}`);
}

describe('EndpointSlice rules', () => {
  it('checks addresses against the address type and needs at least one', () => {
    expect(problems(slice('IPv4', [['198.19.0.2']]))).toEqual([]);
    expect(problems(slice('FQDN', [['db.example.com']]))).toEqual([]);
    expect(problems(slice('IPv4', [['db.example.com'], []]))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "db.example.com": must be a valid IPv4 address',
      'endpoints[1].addresses: Required value: must contain at least 1 address',
    ]);
  });

  it('refuses more than 100 addresses per endpoint and a changed address type', () => {
    const many = Array.from({ length: 101 }, (_, i) => `198.19.0.${i + 1}`);
    expect(problems(slice('IPv4', [many]))).toEqual(['endpoints[0].addresses: Too many: 101: must have at most 100 items']);
    expect(problems(slice('IPv6', [['fd00::1']]), slice('IPv4', [['198.19.0.2']]))).toEqual([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
