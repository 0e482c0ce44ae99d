// CEL's optional syntax, which Kubernetes enables in x-kubernetes-validations: `a.?b` (b if a has
// it, else none) and `m[?k]`, with optional.of/none/ofNonZeroValue. The parser used here has no
// optional syntax, so the rule text is rewritten first into method calls of the same precedence:
// `a.?b` becomes `a.optField('b')`, `m[?k]` becomes `m.optIndex(k)`. String literals are copied as
// they are. An optional holding a value is the value itself; none is ABSENT (see cel-library).

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Length of the string literal starting at `i` (with its r/b prefixes), or 0 when none starts there. */
function literalLength(text: string, i: number): number {
  const prefix = /^[rRbB]{0,2}/.exec(text.slice(i))![0];
  const start = i + prefix.length;
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return 0;
  if (prefix && i > 0 && /[A-Za-z0-9_]/.test(text[i - 1]!)) return 0;
  const raw = /[rR]/.test(prefix);
  const delimiter = text.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  let j = start + delimiter.length;
  while (j < text.length && !text.startsWith(delimiter, j)) j += !raw && text[j] === '\\' ? 2 : 1;
  return j + delimiter.length - i;
}

/** Whether `[` at `i` indexes the expression before it (rather than opening a list literal). */
function indexes(text: string, i: number): boolean {
  const before = text.slice(0, i).trimEnd();
  return /[A-Za-z0-9_)\]'"]$/.test(before);
}

export function rewriteOptionalSyntax(text: string): string {
  if (!text.includes('?')) return text;
  let out = '';
  const brackets: boolean[] = [];
  for (let i = 0; i < text.length; ) {
    const literal = literalLength(text, i);
    if (literal) {
      out += text.slice(i, i + literal);
      i += literal;
      continue;
    }
    const c = text[i]!;
    const field = c === '.' && text[i + 1] === '?' ? IDENT.exec(text.slice(i + 2))?.[0] : undefined;
    if (field) {
      out += `.optField('${field}')`;
      i += 2 + field.length;
    } else if (c === '[' && text[i + 1] === '?' && indexes(text, i)) {
      out += '.optIndex(';
      brackets.push(true);
      i += 2;
    } else {
      if (c === '[') brackets.push(false);
      out += c === ']' && brackets.pop() ? ')' : c;
      i += 1;
    }
  }
  return out;
}
