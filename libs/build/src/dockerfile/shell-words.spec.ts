import { processWord, processWords, SubstitutionError } from './shell-words';

const vars = new Map([
  ['A', 'one'],
  ['SPACED', 'x y'],
  ['EMPTY', ''],
]);

describe('Docker variable substitution', () => {
  it('substitutes $NAME and ${NAME}, with unknown names empty', () => {
    expect(processWord('$A-${A}_$MISSING.', vars)).toBe('one-one_.');
    expect(processWord('${A}b $Ab', vars)).toBe('oneb ');
  });

  it('handles the default, alternative and required modifiers, with and without the colon', () => {
    expect(processWord('${MISSING:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt}', vars)).toBe('dflt dflt ');
    expect(processWord('${A:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${MISSING+alt}', vars)).toBe('alt||alt|');
    expect(processWord('${MISSING:-$A}', vars)).toBe('one');
    expect(() => processWord('${MISSING:?must be set}', vars)).toThrow(new SubstitutionError('MISSING: must be set'));
  });

  it('keeps single quotes literal, substitutes in double quotes, and honours the escape character', () => {
    expect(processWord(`'$A' "$A" \\$A`, vars)).toBe('$A one $A');
    expect(processWord('"a \\"q\\" \\$A \\n"', vars)).toBe('a "q" $A \\n');
    expect(processWord('`$A', vars, '`')).toBe('$A');
  });

  it('splits words on unquoted blanks, including blanks an unquoted value brings in', () => {
    expect(processWords('a "b c" $SPACED "$SPACED"', vars)).toEqual(['a', 'b c', 'x', 'y', 'x y']);
    expect(processWords(`'' x`, vars)).toEqual(['', 'x']);
  });

  it('refuses unterminated quotes and braces', () => {
    expect(() => processWord('"open', vars)).toThrow(SubstitutionError);
    expect(() => processWord('${A', vars)).toThrow(SubstitutionError);
  });
});
