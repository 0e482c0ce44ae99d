import { compilePattern } from './pattern';
import { foldCaseFlags } from './pattern-flags';

describe("RE2's case-insensitive flag in patterns", () => {
  it('folds letters in the flag’s scope only', () => {
    expect(foldCaseFlags('^(?i)(abort|warn)?$')).toBe('^([aA][bB][oO][rR][tT]|[wW][aA][rR][nN])?$');
    expect(foldCaseFlags('x(?i:a[b-d0-9])y')).toBe('x(?:[aA][b-d0-9B-D])y');
    expect(foldCaseFlags('(a(?i)b)c')).toBe('(a[bB])c');
    expect(foldCaseFlags('^[a-z]+$')).toBe('^[a-z]+$');
  });

  it('compiles prometheus-operator-like patterns with the meaning RE2 gives them', () => {
    const months = compilePattern('^((?i)january|february|1[0-2]|[1-9])(?:((:((?i)january|february|1[0-2]|[1-9]))$)|$)');
    expect(['January', 'FEBRUARY:1', '12', 'january:February'].map((m) => months.test(m))).toEqual([true, true, true, true]);
    expect(['Janvier', '13', 'january:'].map((m) => months.test(m))).toEqual([false, false, false]);
    const strategy = compilePattern('^(?i)(abort|warn)?$');
    expect(['ABORT', 'Warn', '', 'stop'].map((s) => strategy.test(s))).toEqual([true, true, true, false]);
    expect(compilePattern('^\\(?i\\)$').test('(i)')).toBe(true);
  });
});
