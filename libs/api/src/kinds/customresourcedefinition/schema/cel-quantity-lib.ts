// Kubernetes' CEL quantity library: quantity("500Mi") and its comparisons and arithmetic. A
// quantity is a CEL map holding its value under a key no JSON field can have, so two quantities
// of the same amount are equal (quantity("1") == quantity("1000m")) and methods can recognise it.
import { CelScalar, type CelValue, celFunc, celMethod, isCelMap } from '@bufbuild/cel';
import { parseQuantity } from '../../../meta/quantity';

const KEY = '\u0000quantity';

function make(amount: number): Map<string, number> {
  return new Map([[KEY, amount]]);
}

function amountOf(v: CelValue): number {
  if (isCelMap(v) && v.has(KEY)) return v.get(KEY) as number;
  if (typeof v === 'bigint') return Number(v);
  throw new Error('no such overload: not a quantity');
}

function parsed(s: string): Map<string, number> {
  const amount = parseQuantity(s);
  if (amount === undefined)
    throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${s}`);
  return make(amount);
}

const DYN = CelScalar.DYN;
const compare = (a: CelValue, b: CelValue) => Math.sign(amountOf(a) - amountOf(b));

export const quantityLibrary = [
  celFunc('quantity', [CelScalar.STRING], DYN, parsed),
  celMethod('isGreaterThan', DYN, [DYN], CelScalar.BOOL, function (o) {
    return compare(this, o) > 0;
  }),
  celMethod('isLessThan', DYN, [DYN], CelScalar.BOOL, function (o) {
    return compare(this, o) < 0;
  }),
  celMethod('compareTo', DYN, [DYN], CelScalar.INT, function (o) {
    return BigInt(compare(this, o));
  }),
  celMethod('add', DYN, [DYN], DYN, function (o) {
    return make(amountOf(this) + amountOf(o));
  }),
  celMethod('sub', DYN, [DYN], DYN, function (o) {
    return make(amountOf(this) - amountOf(o));
  }),
  celMethod('sign', DYN, [], CelScalar.INT, function () {
    return BigInt(Math.sign(amountOf(this)));
  }),
  celMethod('isInteger', DYN, [], CelScalar.BOOL, function () {
    return Number.isSafeInteger(amountOf(this));
  }),
  celMethod('asInteger', DYN, [], CelScalar.INT, function () {
    const n = amountOf(this);
    if (!Number.isSafeInteger(n)) throw new Error('cannot convert value to integer');
    return BigInt(n);
  }),
  celMethod('asApproximateFloat', DYN, [], CelScalar.DOUBLE, function () {
    return amountOf(this);
  }),
];
