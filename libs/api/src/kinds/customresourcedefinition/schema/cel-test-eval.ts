// Test helper: evaluates a rule text as x-kubernetes-validations does, with `self` from JSON.
import { isCelList } from '@bufbuild/cel';
import { toCel } from './cel-library';
import { compile } from './cel-rules';

export function evaluate(rule: string, self: unknown = {}): unknown {
  const result = compile(rule).program({ self: toCel(undefined, self), oldSelf: null }) as { message?: string } | unknown;
  if (result && typeof result === 'object' && 'message' in result && !(result instanceof Map)) return `error: ${result.message}`;
  return isCelList(result) ? [...result] : result;
}
