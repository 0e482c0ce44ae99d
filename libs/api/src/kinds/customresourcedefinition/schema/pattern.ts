// Schema `pattern`s are RE2 on Kubernetes. JavaScript's Unicode mode is closest (classes over code
// points), but refuses escapes RE2 takes (`\-` outside a class), so those compile without it;
// RE2's (?i) flag is rewritten first (pattern-flags).
import { foldCaseFlags } from './pattern-flags';

const compiled = new Map<string, RegExp>();

/** The pattern as a RegExp; throws with the engine's message when it is no regular expression. */
export function compilePattern(pattern: string): RegExp {
  let r = compiled.get(pattern);
  if (!r) {
    const source = foldCaseFlags(pattern);
    try {
      r = new RegExp(source, 'u');
    } catch {
      r = new RegExp(source);
    }
    compiled.set(pattern, r);
  }
  return r;
}
