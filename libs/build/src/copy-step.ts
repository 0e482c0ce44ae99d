// COPY and ADD: sources from the context (or another stage or image with --from), the
// destination resolved against WORKDIR as Docker does, --chown by number or by the image's own
// names, and ADD's extraction of local tar archives. The step's digest covers what is copied.
import { ignoreMissing } from '@stevedore/files';
import { MEDIA, unpackLayer } from '@stevedore/oci';
import { createHash } from 'crypto';
import { createReadStream, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type BuildContext, SourceError } from './context/build-context';
import { type CopySource, copySource, digestSource, ensureDirs, type Owner } from './context/copy-files';
import { clampedComponents, resolveInLayers, resolveInRoot, statInLayers } from './context/root-path';
import { openRootfsView, type RootfsView } from './context/rootfs-view';
import type { Instruction } from './dockerfile/parse-dockerfile';
import { processWord, processWords } from './dockerfile/shell-words';
import type { StageState } from './stage-state';
import { substitutionVars } from './stage-state';

export interface CopyStep {
  createdBy: string;
  /** sha256 of everything the step copies. */
  digest: string;
  /** Lays the files out under an empty staging directory (the new layer). */
  stage(staging: string): Promise<void>;
  close(): Promise<void>;
}

export interface CopyDeps {
  context: BuildContext;
  escape: string;
  /** The layers (top first) of an earlier stage or an image, for --from. */
  layersOf(from: string): Promise<string[]>;
}

interface Resolved extends CopySource {
  archive: boolean;
  isDir: boolean;
}

const GLOB = /[*?[]/;

async function isTarArchive(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(262);
    const { bytesRead } = await handle.read(buf, 0, 262, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return true; // gzip (a compressed tar, as Docker assumes)
    return bytesRead >= 262 && buf.toString('latin1', 257, 262) === 'ustar';
  } finally {
    await handle.close();
  }
}

/** --chown=USER[:GROUP], by number or by name from the image's /etc/passwd and /etc/group. */
export async function resolveOwner(spec: string | undefined, layers: string[]): Promise<Owner> {
  if (!spec) return { uid: 0, gid: 0 };
  const [user = '', group] = spec.split(':');
  const lookup = async (file: string, name: string) => {
    const found = await statInLayers(layers, file);
    const text = found?.stats.isFile() ? await fs.readFile(found.path, 'utf8') : '';
    return text
      .split('\n')
      .map((l) => l.split(':'))
      .find((f) => f[0] === name);
  };
  let uid = Number(user);
  let gid = group === undefined ? Number.NaN : Number(group);
  if (!/^\d+$/.test(user)) {
    const entry = await lookup('/etc/passwd', user);
    if (!entry) throw new SourceError(`unable to find user ${user}: no matching entries in passwd file`);
    uid = Number(entry[2]);
    if (group === undefined) gid = Number(entry[3]);
  } else if (group === undefined) gid = uid;
  if (group !== undefined && !/^\d+$/.test(group)) {
    const entry = await lookup('/etc/group', group);
    if (!entry) throw new SourceError(`unable to find group ${group}: no matching entries in group file`);
    gid = Number(entry[2]);
  }
  return { uid, gid };
}

async function fromView(view: RootfsView, source: string, from: string): Promise<Resolved> {
  const parts = clampedComponents(source);
  const abs = await resolveInRoot(view.root, parts.join('/'));
  const st = await ignoreMissing(fs.lstat(abs));
  if (!st) throw new SourceError(`file not found in ${from}: ${source}`);
  return { abs, rel: parts.join('/'), archive: false, isDir: st.isDirectory() };
}

export async function prepareCopy(i: Instruction, state: StageState, deps: CopyDeps): Promise<CopyStep> {
  const vars = substitutionVars(state);
  const words = i.json ?? processWords(i.args, vars, deps.escape);
  if (words.length < 2) throw new SourceError(`${i.keyword} requires at least two arguments, but got ${words.length}`);
  const sources = words.slice(0, -1);
  const destWord = words[words.length - 1]!;
  const url = sources.find((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s));
  if (url) throw new SourceError(`downloading ${url} is not supported: fetch it into the build context and COPY it`);
  const from = i.flags.from === undefined ? undefined : processWord(i.flags.from, vars, deps.escape);
  const owner = await resolveOwner(i.flags.chown && processWord(i.flags.chown, vars, deps.escape), state.lowerDirs);
  const view = from === undefined ? undefined : await openRootfsView(await deps.layersOf(from));
  try {
    const resolved: Resolved[] = [];
    for (const s of sources) {
      if (view) resolved.push(await fromView(view, s, `stage or image ${from}`));
      else
        for (const found of await deps.context.resolve(s)) {
          const st = await fs.stat(found.abs).catch(() => undefined);
          const archive = i.keyword === 'ADD' && !!st?.isFile() && (await isTarArchive(found.abs));
          resolved.push({ ...found, archive, isDir: !!st?.isDirectory(), ignored: (rel) => deps.context.ignored(rel) });
        }
    }
    const workdir = state.config.WorkingDir || '/';
    const dest = path.posix.resolve(workdir, destWord);
    const destIsDir =
      destWord.endsWith('/') ||
      path.posix.basename(destWord) === '.' ||
      resolved.length > 1 ||
      sources.some((s) => GLOB.test(s)) ||
      dest === workdir ||
      !!(await statInLayers(state.lowerDirs, dest))?.stats.isDirectory();
    const hash = createHash('sha256');
    for (const r of resolved) {
      hash.update(`${r.archive ? 'archive' : 'source'}:${r.rel}\n`);
      await digestSource(hash, r);
    }
    const flagText = [from === undefined ? '' : `--from=${from} `, i.flags.chown ? `--chown=${owner.uid}:${owner.gid} ` : ''].join('');
    return {
      createdBy: `${i.keyword} ${flagText}${sources.join(' ')} ${destWord === dest ? dest : `${destWord} (${dest})`}`,
      digest: `sha256:${hash.digest('hex')}`,
      stage: (staging) => stageFiles(staging, resolved, { dest, destIsDir, owner, layers: state.lowerDirs }),
      close: async () => view?.close(),
    };
  } catch (err) {
    await view?.close();
    throw err;
  }
}

async function stageFiles(
  staging: string,
  resolved: Resolved[],
  o: { dest: string; destIsDir: boolean; owner: Owner; layers: string[] },
): Promise<void> {
  const inImage = async (p: string) => (await statInLayers(o.layers, p))?.stats;
  const parts = clampedComponents;
  // Into the image's directory symlinks, not over them (COPY x /var/run/ writes to /run where /var/run → /run).
  const destDir = await resolveInLayers(o.layers, o.destIsDir ? o.dest : path.posix.dirname(o.dest));
  const dest = o.destIsDir ? destDir : path.posix.join(destDir, path.posix.basename(o.dest));
  for (const r of resolved) {
    if (r.isDir || r.archive) {
      const dir = await ensureDirs(staging, parts(dest), o.owner, inImage);
      if (r.isDir) await copySource(r, dir, o.owner);
      else await extractInto(r.abs, dir, o.owner);
      continue;
    }
    const target = o.destIsDir ? path.posix.join(dest, path.posix.basename(r.rel)) : dest;
    const targetParts = parts(target);
    if (!targetParts.length) throw new SourceError(`cannot copy the file ${r.rel} over /`);
    const parent = await ensureDirs(staging, targetParts.slice(0, -1), o.owner, inImage);
    await copySource(r, path.join(parent, targetParts[targetParts.length - 1]!), o.owner);
  }
}

/** ADD of a local tar (plain or gzip): unpacked safely (no entry leaves it), then copied in. */
async function extractInto(archive: string, dir: string, owner: Owner): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'stevedore-add-'));
  try {
    const handle = await fs.open(archive, 'r');
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0).finally(() => handle.close());
    const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
    await unpackLayer(createReadStream(archive), tmp, { mediaType: gzip ? MEDIA.ociLayerGzip : MEDIA.ociLayer });
    await copySource({ abs: tmp, rel: path.basename(archive) }, dir, owner);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
