// The build context: a directory on the node, filtered by its .dockerignore (matched with
// @balena/dockerignore, Docker's own rules). COPY and ADD sources are resolved here: relative to
// the context whatever they start with, never outside it, wildcards matched per path component.
import ignore, { type Ignore } from '@balena/dockerignore';
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import { cleanComponents, resolveInRoot } from './root-path';

export interface Source {
  /** As the Dockerfile named it (after wildcard expansion): context-relative, posix. */
  rel: string;
  /** The resolved path on the node. */
  abs: string;
}

/** A COPY/ADD problem the builder reports as "Dockerfile:LINE: COPY failed: …". */
export class SourceError extends Error {}

const GLOB = /[*?[]/;

/** A Go filepath.Match pattern for one path component as a regular expression. */
export function componentPattern(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) throw new SourceError(`syntax error in pattern: ${glob}`);
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith('^') || body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export class BuildContext {
  private constructor(
    readonly dir: string,
    private readonly rules: Ignore,
  ) {}

  static async open(dir: string): Promise<BuildContext> {
    const st = await ignoreMissing(fs.stat(dir));
    if (!st?.isDirectory()) throw new SourceError(`the build context ${dir} is not a directory`);
    const text = (await ignoreMissing(fs.readFile(path.join(dir, '.dockerignore'), 'utf8'))) ?? '';
    const patterns = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    return new BuildContext(dir, ignore().add(patterns));
  }

  /** Whether .dockerignore leaves this context-relative path out. */
  ignored(rel: string): boolean {
    return rel !== '' && this.rules.ignores(rel);
  }

  /** The files and directories a COPY/ADD source names; refuses paths leaving the context and missing files. */
  async resolve(source: string): Promise<Source[]> {
    const parts = cleanComponents(source);
    if (parts === false) throw new SourceError(`forbidden path outside the build context: ${source}`);
    if (!parts.some((p) => GLOB.test(p))) {
      const rel = parts.join('/');
      const abs = await resolveInRoot(this.dir, rel);
      const exists = !!(await ignoreMissing(fs.lstat(abs)));
      if (!exists || this.ignored(rel)) {
        throw new SourceError(`file not found in build context${exists ? ' or excluded by .dockerignore' : ''}: ${source}`);
      }
      return [{ rel, abs }];
    }
    const found = await this.match(parts, []);
    if (!found.length) throw new SourceError(`no source files were specified: nothing in the build context matches ${source}`);
    return found;
  }

  private async match(parts: string[], done: string[]): Promise<Source[]> {
    if (!parts.length) {
      const rel = done.join('/');
      return this.ignored(rel) ? [] : [{ rel, abs: await resolveInRoot(this.dir, rel) }];
    }
    const [part, ...rest] = parts as [string, ...string[]];
    if (!GLOB.test(part)) return this.match(rest, [...done, part]);
    const dir = await resolveInRoot(this.dir, done.join('/'));
    const names = ((await ignoreMissing(fs.readdir(dir))) ?? []).sort();
    const re = componentPattern(part);
    const out: Source[] = [];
    for (const name of names.filter((n) => re.test(n))) out.push(...(await this.match(rest, [...done, name])));
    return out;
  }
}
