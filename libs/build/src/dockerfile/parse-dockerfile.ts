// Reads a Dockerfile with the dockerfile-ast parser into the instructions a build runs, each with
// its line number, flags, arguments and (for the exec form) its JSON array. Stages start at FROM;
// ARGs before the first FROM are global. Mistakes are reported as Docker does: "Dockerfile:LINE: …".
import { type Instruction as AstInstruction, DockerfileParser, type ModifiableInstruction, PropertyInstruction } from 'dockerfile-ast';

export class BuildError extends Error {
  constructor(
    message: string,
    /** The failing RUN's exit code; 1 for every other failure. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

export interface Instruction {
  /** 1-based line of the keyword. */
  line: number;
  keyword: string;
  /** The arguments as written (continuations joined, comments dropped), without the flags. */
  args: string;
  /** The exec form's array (RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME), when the arguments are one. */
  json?: string[];
  flags: Record<string, string>;
  /** KEY=VALUE pairs of ENV, LABEL and ARG, with values as written (quotes kept, not substituted). */
  props: { name: string; raw?: string }[];
  /** How the step is shown: keyword, flags, arguments. */
  text: string;
}

export interface ParsedStage {
  from: Instruction;
  steps: Instruction[];
}

export interface ParsedDockerfile {
  escape: string;
  globalArgs: Instruction[];
  stages: ParsedStage[];
}

/** Instructions a build understands; anything else stops the build. */
export const SUPPORTED = [
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'WORKDIR',
  'USER',
  'EXPOSE',
  'LABEL',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'STOPSIGNAL',
  'VOLUME',
  'MAINTAINER',
];
const KNOWN_UNSUPPORTED = ['HEALTHCHECK', 'ONBUILD'];

function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined; // Docker's rule: not valid JSON means the shell form.
  }
}

function convert(i: AstInstruction, file: string): Instruction {
  const line = i.getRange().start.line + 1;
  const keyword = i.getKeyword().toUpperCase();
  if (KNOWN_UNSUPPORTED.includes(keyword)) throw new BuildError(`${file}:${line}: ${keyword} is not supported by stevedore build`);
  if (!SUPPORTED.includes(keyword)) throw new BuildError(`${file}:${line}: unknown instruction: ${i.getInstruction()}`);
  const flags: Record<string, string> = {};
  const withFlags = i as Partial<ModifiableInstruction>;
  for (const f of withFlags.getFlags?.() ?? []) flags[f.getName()] = f.getValue() ?? '';
  const args = (i.getArgumentsContent() ?? '').trim();
  const props =
    i instanceof PropertyInstruction ? i.getProperties().map((p) => ({ name: p.getName(), raw: p.getUnescapedValue() ?? undefined })) : [];
  const flagText = Object.entries(flags).map(([k, v]) => `--${k}=${v} `);
  return { line, keyword, args, json: execForm(args), flags, props, text: `${keyword} ${flagText.join('')}${args}` };
}

export function parseDockerfile(content: string, file = 'Dockerfile'): ParsedDockerfile {
  const df = DockerfileParser.parse(content);
  const parsed: ParsedDockerfile = { escape: df.getEscapeCharacter(), globalArgs: [], stages: [] };
  for (const ast of df.getInstructions()) {
    const i = convert(ast, file);
    if (i.keyword === 'FROM') parsed.stages.push({ from: i, steps: [] });
    else if (parsed.stages.length) parsed.stages[parsed.stages.length - 1]!.steps.push(i);
    else if (i.keyword === 'ARG') parsed.globalArgs.push(i);
    else throw new BuildError(`${file}:${i.line}: ${i.keyword} before the first FROM: no build stage in current context`);
  }
  if (!parsed.stages.length) throw new BuildError(`${file}: no FROM instruction: a Dockerfile starts its first stage with FROM`);
  return parsed;
}
