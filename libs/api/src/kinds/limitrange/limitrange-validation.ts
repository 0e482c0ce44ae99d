// Kubernetes' rules for a LimitRange's items, with its messages: the bounds must nest
// (min <= default request <= default <= max), a ratio is at least 1, a Pod item has no
// defaults and a PersistentVolumeClaim item bounds storage.
import type { LimitRange, LimitRangeItem } from '../../generated/kubernetes-types';
import { parseQuantity } from '../../meta/quantity';
import type { Cause } from '../../schema';

type Bound = 'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio';

const invalid = (field: string, value: string, message: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
});

/** Each ordered pair that must hold, the message naming both in Kubernetes' words. */
const ORDER: [Bound, Bound, (low: string, high: string) => string][] = [
  ['min', 'max', (l, h) => `min value ${l} is greater than max value ${h}`],
  ['min', 'defaultRequest', (l, h) => `min value ${l} is greater than default request value ${h}`],
  ['defaultRequest', 'max', (l, h) => `default request value ${l} is greater than max value ${h}`],
  ['defaultRequest', 'default', (l, h) => `default request value ${l} is greater than default limit value ${h}`],
  ['min', 'default', (l, h) => `min value ${l} is greater than default value ${h}`],
  ['default', 'max', (l, h) => `default value ${l} is greater than max value ${h}`],
];

function itemRules(item: LimitRangeItem, path: string, causes: Cause[]): void {
  if (item.type === 'Pod') {
    for (const bound of ['default', 'defaultRequest'] as const)
      if (Object.keys(item[bound] ?? {}).length)
        causes.push({
          reason: 'FieldValueForbidden',
          field: `${path}.${bound}`,
          message: "Forbidden: may not be specified when `type` is 'Pod'",
        });
  }
  if (item.type === 'PersistentVolumeClaim' && item.min?.storage === undefined && item.max?.storage === undefined) {
    causes.push({
      reason: 'FieldValueRequired',
      field: `${path}.limits`,
      message: 'Required value: either minimum or maximum storage value is required, but neither was provided',
    });
  }
  for (const [low, high, message] of ORDER) {
    for (const [key, lowValue] of Object.entries(item[low] ?? {})) {
      const highValue = item[high]?.[key];
      if (highValue === undefined) continue;
      if ((parseQuantity(lowValue) ?? 0) > (parseQuantity(highValue) ?? 0))
        causes.push(invalid(`${path}.${low}[${key}]`, String(lowValue), message(String(lowValue), String(highValue))));
    }
  }
  for (const [key, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    if ((parseQuantity(ratio) ?? 0) < 1)
      causes.push(invalid(`${path}.maxLimitRequestRatio[${key}]`, String(ratio), `ratio ${ratio} is less than 1`));
  }
}

export function limitRangeRules(lr: LimitRange): Cause[] {
  const causes: Cause[] = [];
  (lr.spec?.limits ?? []).forEach((item, i) => itemRules(item, `spec.limits[${i}]`, causes));
  return causes;
}
