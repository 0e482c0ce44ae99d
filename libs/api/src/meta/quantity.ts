// Kubernetes resource quantities ("500m", "64Mi", "1.5G", "2e3") parsed to plain numbers.
const QUANTITY = /^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Parses a quantity; returns undefined when it is not one. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m || !/\d/.test(m[1]!)) return undefined;
  const base = Number(m[1]);
  if (!Number.isFinite(base)) return undefined;
  const suffix = m[2] ?? '';
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  return base * SUFFIX[suffix]!;
}

export function quantityCheck(value: string): string | undefined {
  return parseQuantity(value) === undefined
    ? "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    : undefined;
}

/** A quantity in thousandths, rounded up as Kubernetes' Quantity.MilliValue rounds. */
export function milliValue(value: string | number | undefined): number {
  const q = value === undefined ? 0 : (parseQuantity(value) ?? 0);
  // 90000000n is 0.09000000000000001 in floating point: trim the float noise before rounding up.
  return Math.ceil(Number((q * 1000).toPrecision(12)));
}

/** CPU quantity in millicores. */
export const milliCpu = milliValue;

/** Memory (or any byte) quantity in bytes. */
export function bytes(value: string | number | undefined): number {
  const q = value === undefined ? 0 : (parseQuantity(value) ?? 0);
  return Math.ceil(q);
}
