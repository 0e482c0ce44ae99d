// Variable substitution as Docker does it in Dockerfiles: $VAR, ${VAR}, ${VAR:-word},
// ${VAR-word}, ${VAR:+word}, ${VAR+word}, ${VAR:?message}, ${VAR?message}; single quotes are
// literal, double quotes keep spaces and allow substitution, the escapeChar character (\ or `)
// makes the next character literal. Words split on unquoted blanks, including blanks that an
// unquoted variable's value brings in.

export type Vars = ReadonlyMap<string, string>;

export class SubstitutionError extends Error {}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL = /[0-9*#@$?!-]/;

class Lexer {
  private i = 0;
  private words: string[] = [];
  private word = '';
  private inWord = false;

  constructor(
    private readonly text: string,
    private readonly vars: Vars,
    private readonly escapeChar: string,
    /** One word with its blanks as written (ProcessWord) rather than words split on them. */
    private readonly keepBlanks = false,
  ) {}

  private peek(offset = 0): string | undefined {
    return this.text[this.i + offset];
  }

  private add(s: string, split: boolean): void {
    for (const ch of s) {
      if (split && !this.keepBlanks && /\s/.test(ch)) this.blank();
      else {
        this.word += ch;
        this.inWord = true;
      }
    }
  }

  private blank(): void {
    if (this.inWord) this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }

  run(): string[] {
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (ch === this.escapeChar) {
        this.i++;
        if (this.i < this.text.length) this.add(this.text[this.i++]!, false);
      } else if (ch === "'") {
        this.single();
      } else if (ch === '"') {
        this.double();
      } else if (ch === '$') {
        this.add(this.dollar(), true);
      } else {
        this.i++;
        this.add(ch, true);
      }
    }
    this.blank();
    return this.words;
  }

  private single(): void {
    this.i++;
    const end = this.text.indexOf("'", this.i);
    if (end < 0) throw new SubstitutionError(`unexpected end of text: missing ' in ${this.text}`);
    this.add(this.text.slice(this.i, end), false);
    this.inWord = true;
    this.i = end + 1;
  }

  private double(): void {
    this.i++;
    this.inWord = true;
    while (this.i < this.text.length && this.peek() !== '"') {
      const ch = this.text[this.i]!;
      if (ch === '$') this.add(this.dollar(), false);
      else if (ch === this.escapeChar && ['"', '$', this.escapeChar].includes(this.peek(1) ?? '')) {
        this.add(this.peek(1)!, false);
        this.i += 2;
      } else {
        this.add(ch, false);
        this.i++;
      }
    }
    if (this.peek() !== '"') throw new SubstitutionError(`unexpected end of text: missing " in ${this.text}`);
    this.i++;
  }

  /** At a '$': the value it stands for (or '$' itself when no name follows). */
  private dollar(): string {
    this.i++;
    const next = this.peek();
    if (next === '{') return this.braced();
    if (next && NAME_START.test(next)) return this.vars.get(this.name()) ?? '';
    if (next && SPECIAL.test(next)) {
      this.i++;
      return '';
    }
    return '$';
  }

  private name(): string {
    const start = this.i;
    while (this.i < this.text.length && NAME_CHAR.test(this.text[this.i]!)) this.i++;
    return this.text.slice(start, this.i);
  }

  private braced(): string {
    this.i++;
    const name = this.name();
    if (!name) throw new SubstitutionError(`bad substitution in ${this.text}`);
    if (this.peek() === '}') {
      this.i++;
      return this.vars.get(name) ?? '';
    }
    const colon = this.peek() === ':';
    if (colon) this.i++;
    const op = this.peek();
    if (!op || !'-+?'.includes(op)) throw new SubstitutionError(`unsupported modifier (${op ?? 'end of text'}) in substitution of ${name}`);
    this.i++;
    const word = this.wordUntilBrace();
    const value = this.vars.get(name);
    const set = colon ? !!value : value !== undefined;
    if (op === '-') return set ? value! : word;
    if (op === '+') return set ? word : '';
    if (!set) throw new SubstitutionError(`${name}: ${word || 'is not allowed to be unset'}`);
    return value!;
  }

  /** The word of ${NAME:-word}, itself substituted, up to the matching brace. */
  private wordUntilBrace(): string {
    let out = '';
    while (this.i < this.text.length && this.peek() !== '}') {
      const ch = this.text[this.i]!;
      if (ch === '$') out += this.dollar();
      else if (ch === this.escapeChar && this.i + 1 < this.text.length) {
        out += this.text[this.i + 1];
        this.i += 2;
      } else {
        out += ch;
        this.i++;
      }
    }
    if (this.peek() !== '}') throw new SubstitutionError(`missing '}' in ${this.text}`);
    this.i++;
    return out;
  }
}

/** One word: quotes removed, variables substituted, blanks kept (ENV values, WORKDIR, USER…). */
export function processWord(text: string, vars: Vars, escapeChar = '\\'): string {
  return new Lexer(text, vars, escapeChar, true).run().join('');
}

/** Several words (COPY sources, EXPOSE ports): split on unquoted blanks after substitution. */
export function processWords(text: string, vars: Vars, escapeChar = '\\'): string[] {
  return new Lexer(text, vars, escapeChar).run();
}
