// The CEL environment of x-kubernetes-validations: `self` and `oldSelf`, the standard macros
// (has, all, exists, exists_one, map, filter), the strings extension (lowerAscii, indexOf, ...),
// what cel-kubernetes-lib, cel-quantity-lib and cel-url-lib provide of Kubernetes' libraries, and optionals for optionalOldSelf
// (hasValue, value, orValue). JSON values
// become CEL values by their schema: integers int, numbers double, objects maps.
import { type CelEnv, CelScalar, celEnv, celMethod, isCelMap } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { kubernetesLibrary } from './cel-kubernetes-lib';
import { quantityLibrary } from './cel-quantity-lib';
import { urlLibrary } from './cel-url-lib';
import { isObject, itemSchema, type Node, propertySchema } from './json-schema';

/** What oldSelf is bound to under optionalOldSelf when there is no old value. */
export const ABSENT = new Map<string, unknown>([['\u0000absent', true]]);
const isAbsent = (v: unknown) => isCelMap(v) && v.has('\u0000absent');

const optionals = [
  celMethod('hasValue', CelScalar.DYN, [], CelScalar.BOOL, function () {
    return !isAbsent(this);
  }),
  celMethod('value', CelScalar.DYN, [], CelScalar.DYN, function () {
    if (isAbsent(this)) throw new Error('optional.none() dereference');
    return this;
  }),
  celMethod('orValue', CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (other) {
    return isAbsent(this) ? other : this;
  }),
];

let env: CelEnv | undefined;
export function validationEnv(): CelEnv {
  env ??= celEnv({
    variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN },
    funcs: [...strings, ...kubernetesLibrary, ...quantityLibrary, ...urlLibrary, ...optionals],
  });
  return env;
}

/** The CEL value of a JSON value: integer fields as int (bigint), number fields as double. */
export function toCel(node: Node | undefined, value: unknown): unknown {
  if (typeof value === 'number') return node?.type === 'number' || !Number.isInteger(value) ? value : BigInt(value);
  if (Array.isArray(value)) {
    const items = node && itemSchema(node);
    return value.map((v) => toCel(items, v));
  }
  if (isObject(value)) return new Map(Object.entries(value).map(([k, v]) => [k, toCel(node && propertySchema(node, k), v)]));
  return value;
}
