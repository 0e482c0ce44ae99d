// RE2's case-insensitive flag in schema patterns (prometheus-operator writes `^(?i)(abort|warn)?$`
// and `((?i)january|february|...)`), which JavaScript regular expressions before ES2025 lack.
// `(?i)` holds to the end of the group it is in, `(?i:...)` inside its own group; within their
// scope every ASCII letter is rewritten to match both cases (`a` → `[aA]`, `[a-f]` → `[a-fA-F]`).
// Other flags are left alone, so a pattern using them still fails to compile, as before.

const swap = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
const isLetter = (c: string | undefined) => !!c && /^[A-Za-z]$/.test(c);

/** A character class's body with both cases of its letters and letter ranges added. */
function foldClass(body: string): string {
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
      continue;
    }
    const c = body[i]!;
    if (body[i + 1] === '-' && body[i + 2] && body[i + 2] !== ']' && isLetter(c) && isLetter(body[i + 2])) {
      extra += `${swap(c)}-${swap(body[i + 2]!)}`;
      i += 2;
    } else if (isLetter(c)) extra += swap(c);
  }
  return body + extra;
}

/** Index just past the character class starting at `start` (which is `[`). */
function classEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length && p[i] !== ']'; i++) if (p[i] === '\\') i++;
  return i + 1;
}

export function foldCaseFlags(pattern: string): string {
  if (!pattern.includes('(?i')) return pattern;
  let out = '';
  const scopes: boolean[] = [];
  let fold = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (pattern.startsWith('(?i)', i)) {
      fold = true;
      i += 4;
    } else if (pattern.startsWith('(?i:', i)) {
      scopes.push(fold);
      fold = true;
      out += '(?:';
      i += 4;
    } else if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      const negated = pattern[i + 1] === '^' ? '^' : '';
      const body = pattern.slice(i + 1 + negated.length, end - 1);
      out += fold ? `[${negated}${foldClass(body)}]` : pattern.slice(i, end);
      i = end;
    } else {
      if (c === '(') scopes.push(fold);
      if (c === ')') fold = scopes.pop() ?? false;
      out += fold && isLetter(c) ? `[${c}${swap(c)}]` : c;
      i += 1;
    }
  }
  return out;
}
