// Kubernetes' CEL IP and CIDR libraries: isIP/ip() and isCIDR/cidr(), with the getters rules use
// (family, isLoopback, containsIP, prefixLength, ...). Parsing is strict as upstream's: no leading
// zeros, no zones, no IPv4-mapped IPv6. An address or prefix is a CEL map holding its text under a
// key no JSON field can have (as cel-url-lib does), so methods can recognise it.
import { CelScalar, type CelValue, celFunc, celMethod, isCelMap } from '@bufbuild/cel';
import { isIP as netFamily } from 'net';

const IP = '\u0000ip';
const CIDR = '\u0000cidr';
const DYN = CelScalar.DYN;

interface Address {
  family: 4 | 6;
  bits: bigint;
}

function parseIp(s: string): Address | undefined {
  const family = netFamily(s);
  if (family === 4) return { family, bits: s.split('.').reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) };
  if (family !== 6 || s.includes('%') || s.includes('.')) return undefined;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { family, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n) };
}

function parseCidr(s: string): { address: Address; prefix: number } | undefined {
  const [ip, length, extra] = s.split('/');
  const address = ip !== undefined ? parseIp(ip) : undefined;
  if (!address || extra !== undefined || !length || !/^(0|[1-9]\d*)$/.test(length)) return undefined;
  const prefix = Number(length);
  return prefix <= (address.family === 4 ? 32 : 128) ? { address, prefix } : undefined;
}

const width = (a: Address) => (a.family === 4 ? 32n : 128n);
const masked = (a: Address, prefix: number) => (a.bits >> (width(a) - BigInt(prefix))) << (width(a) - BigInt(prefix));

function textOf(v: CelValue, key: string): string {
  if (!isCelMap(v) || !v.has(key as never)) throw new Error(`no such overload: not ${key === IP ? 'an IP' : 'a CIDR'}`);
  return v.get(key as never) as string;
}
const addressOf = (v: CelValue): Address => parseIp(typeof v === 'string' ? v : textOf(v, IP))!;
const cidrOf = (v: CelValue) => parseCidr(typeof v === 'string' ? v : textOf(v, CIDR))!;

function make(key: string, s: string, valid: boolean): CelValue {
  if (!valid) throw new Error(`${key === IP ? 'IP' : 'network address'} parse error during conversion from string: ${s}`);
  return new Map([[key, s]]) as unknown as CelValue;
}

function contains(outer: { address: Address; prefix: number }, inner: Address, prefix: number): boolean {
  if (outer.address.family !== inner.family || prefix < outer.prefix) return false;
  return masked(outer.address, outer.prefix) === masked(inner, outer.prefix);
}

function formatIp(a: Address): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.bits >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((a.bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

const ipMethod = (name: string, test: (a: Address) => boolean) =>
  celMethod(name, DYN, [], CelScalar.BOOL, function () {
    return test(addressOf(this));
  });

export const ipLibrary = [
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => parseIp(s) !== undefined),
  celFunc('ip', [CelScalar.STRING], DYN, (s) => make(IP, s, parseIp(s) !== undefined)),
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (s) => parseCidr(s) !== undefined),
  celFunc('cidr', [CelScalar.STRING], DYN, (s) => make(CIDR, s, parseCidr(s) !== undefined)),
  celMethod('family', DYN, [], CelScalar.INT, function () {
    return BigInt(addressOf(this).family);
  }),
  ipMethod('isUnspecified', (a) => a.bits === 0n),
  ipMethod('isLoopback', (a) => (a.family === 4 ? a.bits >> 24n === 127n : a.bits === 1n)),
  ipMethod('isLinkLocalUnicast', (a) => (a.family === 4 ? a.bits >> 16n === 0xa9fen : a.bits >> 118n === 0x3fan)),
  ipMethod('isLinkLocalMulticast', (a) => (a.family === 4 ? a.bits >> 8n === 0xe00000n : a.bits >> 112n === 0xff02n)),
  ipMethod('isGlobalUnicast', (a) =>
    a.family === 4
      ? a.bits !== 0xffffffffn && a.bits >> 28n !== 0xen && a.bits >> 24n !== 127n && a.bits !== 0n && a.bits >> 16n !== 0xa9fen
      : a.bits >> 125n === 1n,
  ),
  celMethod('containsIP', DYN, [DYN], CelScalar.BOOL, function (ip) {
    const a = addressOf(ip);
    return contains(cidrOf(this), a, a.family === 4 ? 32 : 128);
  }),
  celMethod('containsCIDR', DYN, [DYN], CelScalar.BOOL, function (other) {
    const inner = cidrOf(other);
    return contains(cidrOf(this), inner.address, inner.prefix);
  }),
  celMethod('prefixLength', DYN, [], CelScalar.INT, function () {
    return BigInt(cidrOf(this).prefix);
  }),
  celMethod('ip', DYN, [], DYN, function () {
    return make(IP, formatIp(cidrOf(this).address), true);
  }),
  celMethod('masked', DYN, [], DYN, function () {
    const { address, prefix } = cidrOf(this);
    return make(CIDR, `${formatIp({ ...address, bits: masked(address, prefix) })}/${prefix}`, true);
  }),
];
