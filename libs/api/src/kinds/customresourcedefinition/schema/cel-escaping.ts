// How a rule names an object property that is not a plain CEL identifier, as Kubernetes escapes
// them: a CEL reserved word becomes __word__ (Gateway API's rules read `p.__namespace__`), and
// `__`, `.`, `-` and `/` become __underscores__, __dot__, __dash__ and __slash__. Map keys (from
// additionalProperties) are not escaped: rules index them instead.

const RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(' '),
);
const ESCAPES: [string, string][] = [
  ['__', '__underscores__'],
  ['.', '__dot__'],
  ['-', '__dash__'],
  ['/', '__slash__'],
];

export function escapeCelField(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  let out = '';
  for (let i = 0; i < name.length; ) {
    const hit = ESCAPES.find(([raw]) => name.startsWith(raw, i));
    out += hit ? hit[1] : name[i];
    i += hit ? hit[0].length : 1;
  }
  return out;
}

export function unescapeCelField(name: string): string {
  const reserved = /^__(.*)__$/.exec(name);
  if (reserved && RESERVED.has(reserved[1]!)) return reserved[1]!;
  let out = name;
  for (const [raw, escaped] of ESCAPES) out = out.split(escaped).join(raw);
  return out;
}
