// A bound on how deeply a YAML text can nest, read before it is parsed: the parser builds a
// node per level, and 100,000 levels (a 200 KB body) had doubled the server's memory before the
// depth check on the parsed value could refuse it. The estimate errs high, never low: block
// levels are counted as Python counts indents (plus each `- ` that opens a sequence on a line),
// flow levels by brackets outside quotes, so a body under the bound nests no deeper.

/** The most levels the estimate lets through; the exact check after parsing is far tighter. */
export const MAX_ESTIMATED_YAML_DEPTH = 1000;

export function estimatedYamlDepth(text: string): number {
  let deepest = 0;
  const indents: number[] = [];
  let flow = 0;
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (!content || content.startsWith('#')) continue;
    const column = line.length - content.length;
    while (indents.length && indents[indents.length - 1]! >= column) indents.pop();
    indents.push(column);
    const dashes = /^(-\s+)*/.exec(content)![0].split('-').length - 1;
    const brackets = bracketDepths(content, flow);
    flow = brackets.end;
    deepest = Math.max(deepest, indents.length + dashes + brackets.max);
  }
  return deepest;
}

/** Flow depth through a line (outside quoted strings and comments): the deepest, and where it ends. */
function bracketDepths(line: string, start: number): { max: number; end: number } {
  let depth = start;
  let max = start;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { max, end: depth };
}
