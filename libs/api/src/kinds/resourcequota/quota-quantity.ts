// Usage sums are kept in thousandths (as Kubernetes' MilliValue) so CPU and counts add exactly;
// this prints them back as quantities: binary suffixes for bytes, `m` for fractions.
const BINARY: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL: [string, number][] = [
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/** Resource names counted in bytes, printed with binary suffixes (`128Mi`) as users write them. */
function inBytes(resource: string): boolean {
  return /memory|storage|hugepages/.test(resource);
}

export function formatUsage(resource: string, milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  const value = milli / 1000;
  if (value === 0) return '0';
  for (const [suffix, size] of inBytes(resource) ? BINARY : DECIMAL) {
    if (value % size === 0) return `${value / size}${suffix}`;
  }
  return String(value);
}
