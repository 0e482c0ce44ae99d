import { rewriteOptionalSyntax } from './cel-optional-syntax';
import { evaluate } from './cel-test-eval';

describe('CEL optional syntax', () => {
  it('rewrites a.?b and m[?k] into method calls, leaving string literals alone', () => {
    expect(rewriteOptionalSyntax("self.?a.?b.orValue('x.?y')")).toBe("self.optField('a').optField('b').orValue('x.?y')");
    expect(rewriteOptionalSyntax('self.m[?self.keys[0]].hasValue()')).toBe('self.m.optIndex(self.keys[0]).hasValue()');
    expect(rewriteOptionalSyntax('r""".?a""" == self.a ? 1 : 2')).toBe('r""".?a""" == self.a ? 1 : 2');
  });

  it('evaluates optional fields and indexes, present or not', () => {
    const self = { spec: { tls: { mode: 'Terminate' } }, labels: { a: 'b' }, list: ['x'] };
    expect(evaluate("self.?spec.?tls.?mode.orValue('None') == 'Terminate'", self)).toBe(true);
    expect(evaluate("self.?spec.?gone.?mode.orValue('None') == 'None'", self)).toBe(true);
    expect(evaluate("self.labels[?'a'].orValue('') == 'b' && !self.labels[?'z'].hasValue()", self)).toBe(true);
    expect(evaluate('self.list[?0].value() == "x" && !self.list[?3].hasValue()', self)).toBe(true);
    expect(evaluate('optional.of(1).hasValue() && !optional.none().hasValue() && !optional.ofNonZeroValue("").hasValue()')).toBe(true);
    expect(evaluate('self.?gone.value() == 1', self)).toMatch(/^error: .*optional\.none\(\) dereference/);
  });
});
