// The optional values of CEL as x-kubernetes-validations use them (optionalOldSelf, `a.?b`,
// `m[?k]`): hasValue, value, orValue, optional.of/none/ofNonZeroValue, and the optField and
// optIndex methods cel-optional-syntax rewrites the `?` forms into. A present optional is the
// value itself, none is ABSENT: a map under a key no JSON field can have.
import { CelScalar, type CelValue, celFunc, celMethod, isCelList, isCelMap } from '@bufbuild/cel';

export const ABSENT = new Map<string, unknown>([['\u0000absent', true]]);
export const isAbsent = (v: unknown) => isCelMap(v) && v.has('\u0000absent');

const DYN = CelScalar.DYN;

function entry(container: CelValue, key: CelValue): CelValue {
  if (isAbsent(container)) return ABSENT as unknown as CelValue;
  if (isCelMap(container)) return container.has(key as never) ? (container.get(key as never) as CelValue) : (ABSENT as unknown as CelValue);
  if (isCelList(container) && typeof key === 'bigint') {
    const items = [...container];
    return key >= 0n && key < BigInt(items.length) ? items[Number(key)]! : (ABSENT as unknown as CelValue);
  }
  throw new Error('no such overload: optional selection needs a map, an object or a list');
}

function isZero(v: CelValue): boolean {
  if (v === null || v === false || v === '' || v === 0 || v === 0n) return true;
  if (isCelMap(v)) return v.size === 0;
  if (isCelList(v)) return [...v].length === 0;
  return v instanceof Uint8Array && v.length === 0;
}

export const optionalLibrary = [
  celMethod('hasValue', DYN, [], CelScalar.BOOL, function () {
    return !isAbsent(this);
  }),
  celMethod('value', DYN, [], DYN, function () {
    if (isAbsent(this)) throw new Error('optional.none() dereference');
    return this;
  }),
  celMethod('orValue', DYN, [DYN], DYN, function (other) {
    return isAbsent(this) ? other : this;
  }),
  celMethod('optField', DYN, [CelScalar.STRING], DYN, function (name) {
    return entry(this, name);
  }),
  celMethod('optIndex', DYN, [DYN], DYN, function (key) {
    return entry(this, key);
  }),
  celFunc('optional.of', [DYN], DYN, (v) => v),
  celFunc('optional.none', [], DYN, () => ABSENT as unknown as CelValue),
  celFunc('optional.ofNonZeroValue', [DYN], DYN, (v) => (isZero(v) ? (ABSENT as unknown as CelValue) : v)),
];
