// IPv4 addresses and CIDR ranges as 32-bit numbers, for the allocators of node pod ranges and
// Service cluster IPs.

export interface Cidr {
  /** The network address (host bits cleared). */
  base: number;
  bits: number;
}

export function parseIp(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const octets = m?.slice(1, 5).map(Number);
  if (!octets || octets.some((o) => o > 255)) return undefined;
  return (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) >>> 0;
}

export function formatIp(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, bitsText] = cidr.split('/');
  const address = parseIp(ip ?? '');
  const bits = Number(bitsText);
  if (address === undefined || !/^\d{1,2}$/.test(bitsText ?? '') || bits > 32) throw new Error(`invalid CIDR "${cidr}"`);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (address & mask) >>> 0, bits };
}

export function formatCidr(range: Cidr): string {
  return `${formatIp(range.base)}/${range.bits}`;
}

export function cidrContains(range: Cidr, address: number): boolean {
  return address >>> 0 >= range.base && address >>> 0 < range.base + 2 ** (32 - range.bits);
}
