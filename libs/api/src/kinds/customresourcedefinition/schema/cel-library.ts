// The CEL environment of x-kubernetes-validations: `self` and `oldSelf`, the standard macros
// (has, all, exists, exists_one, map, filter), the strings extension (lowerAscii, indexOf, ...),
// what cel-kubernetes-lib, cel-quantity-lib, cel-url-lib and cel-ip-lib provide of Kubernetes' libraries, and optionals
// (cel-optional-lib: optionalOldSelf, `a.?b`, orValue). JSON values
// become CEL values by their schema: integers int, numbers double, objects maps.
import { type CelEnv, CelScalar, celEnv } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { escapeCelField } from './cel-escaping';
import { ipLibrary } from './cel-ip-lib';
import { kubernetesLibrary } from './cel-kubernetes-lib';
import { optionalLibrary } from './cel-optional-lib';
import { quantityLibrary } from './cel-quantity-lib';
import { urlLibrary } from './cel-url-lib';
import { isObject, itemSchema, type Node, propertySchema } from './json-schema';

export { ABSENT } from './cel-optional-lib';

let env: CelEnv | undefined;
export function validationEnv(): CelEnv {
  env ??= celEnv({
    variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN },
    funcs: [...strings, ...kubernetesLibrary, ...quantityLibrary, ...urlLibrary, ...ipLibrary, ...optionalLibrary],
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
  if (isObject(value)) {
    // Declared properties are fields, named as rules write them; map keys stay as they are.
    const field = (k: string) => (node?.properties?.[k] ? escapeCelField(k) : k);
    return new Map(Object.entries(value).map(([k, v]) => [field(k), toCel(node && propertySchema(node, k), v)]));
  }
  return value;
}
