// The parts of Kubernetes' CEL libraries that are cheap to provide here: the list library
// (isSorted, sum, min, max, indexOf, lastIndexOf), the sets library (sets.contains,
// sets.equivalent, sets.intersects, over scalar elements), the regex library (find, findAll),
// isURL and isQuantity. Comparisons follow CEL: ints with ints, strings with strings, doubles with doubles.
import { CelScalar, type CelValue, celFunc, celMethod, listType } from '@bufbuild/cel';
import { parseQuantity } from '../../../meta/quantity';

const LIST = listType(CelScalar.DYN);

type Comparable = bigint | number | string;

function items(list: Iterable<CelValue>): Comparable[] {
  const out: Comparable[] = [];
  for (const v of list) {
    if (typeof v !== 'bigint' && typeof v !== 'number' && typeof v !== 'string')
      throw new Error('no such overload: list elements must be comparable');
    out.push(v);
  }
  return out;
}

function extreme(list: Iterable<CelValue>, pick: (a: Comparable, b: Comparable) => boolean, name: string): Comparable {
  const xs = items(list);
  if (xs.length === 0) throw new Error(`${name} called on empty list`);
  return xs.reduce((a, b) => (pick(b, a) ? b : a));
}

function position(list: Iterable<CelValue>, x: CelValue, last: boolean): bigint {
  const xs = [...list];
  const i = last ? xs.lastIndexOf(x) : xs.indexOf(x);
  return BigInt(i);
}

/** Scalar elements compare by value (1 and 1.0 alike, as CEL's equality has them). */
function members(list: Iterable<CelValue>): Set<unknown> {
  return new Set([...list].map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

const containsAll = (a: Iterable<CelValue>, b: Iterable<CelValue>) => {
  const set = members(a);
  return [...members(b)].every((x) => set.has(x));
};

function isUrl(s: string): boolean {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}

export const kubernetesLibrary = [
  celMethod('isSorted', LIST, [], CelScalar.BOOL, function () {
    const xs = items(this);
    return xs.every((x, i) => i === 0 || xs[i - 1]! <= x);
  }),
  celMethod('sum', LIST, [], CelScalar.DYN, function () {
    const xs = items(this);
    if (xs.every((x) => typeof x === 'bigint')) return (xs as bigint[]).reduce((a, b) => a + b, 0n);
    return xs.reduce<number>((a, b) => a + Number(b), 0);
  }),
  celMethod('min', LIST, [], CelScalar.DYN, function () {
    return extreme(this, (a, b) => a < b, 'min');
  }),
  celMethod('max', LIST, [], CelScalar.DYN, function () {
    return extreme(this, (a, b) => a > b, 'max');
  }),
  celMethod('indexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    return position(this, x, false);
  }),
  celMethod('lastIndexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    return position(this, x, true);
  }),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (re) {
    return this.match(new RegExp(re, 'u'))?.[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (re) {
    return [...this.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]);
  }),
  celFunc('sets.contains', [LIST, LIST], CelScalar.BOOL, containsAll),
  celFunc('sets.equivalent', [LIST, LIST], CelScalar.BOOL, (a, b) => containsAll(a, b) && containsAll(b, a)),
  celFunc('sets.intersects', [LIST, LIST], CelScalar.BOOL, (a, b) => {
    const set = members(a);
    return [...members(b)].some((x) => set.has(x));
  }),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, isUrl),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s) => parseQuantity(s) !== undefined),
];
