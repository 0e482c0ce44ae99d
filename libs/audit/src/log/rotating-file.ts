// An append-only file rotated by size, as kube-apiserver's log backend (lumberjack) rotates:
// when a write would take the file past maxSize MB, the file is renamed to
// NAME-<UTC time>.EXT (`audit-2026-12-06T16-20-00.000.log`) and a new one started; backups
// beyond maxBackups, or older than maxAge days, are deleted.
import { promises as fs } from 'fs';
import * as path from 'path';

export interface RotationOptions {
  /** Megabytes before rotation; 0 means lumberjack's default, 100. */
  maxSizeMB: number;
  /** Rotated files kept; 0 keeps them all. */
  maxBackups: number;
  /** Days a rotated file is kept (by the time in its name); 0 keeps them forever. */
  maxAgeDays: number;
}

const DEFAULT_MAX_MB = 100;
const MB = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

/** `/var/log/audit.log` rotated at `at` → `/var/log/audit-2026-12-06T16-20-00.000.log`. */
export function backupName(file: string, at: number): string {
  const ext = path.extname(file);
  const stamp = new Date(at).toISOString().slice(0, -1).replace(/:/g, '-');
  return path.join(path.dirname(file), `${path.basename(file, ext)}-${stamp}${ext}`);
}

/** The rotation time in a backup's name, or undefined if the name is not one of this file's backups. */
export function backupTime(file: string, candidate: string): number | undefined {
  const ext = path.extname(file);
  const prefix = `${path.basename(file, ext)}-`;
  if (!candidate.startsWith(prefix) || !candidate.endsWith(ext)) return undefined;
  const stamp = candidate.slice(prefix.length, candidate.length - ext.length);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/.exec(stamp);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : undefined;
}

/** Creates the log (and its folder) if need be, so a path the server cannot write stops it at start, not later. */
export async function ensureLogFile(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await (await fs.open(file, 'a', 0o600)).close();
}

export class RotatingFile {
  private handle?: fs.FileHandle;
  private size = 0;
  private lastRotation = 0;
  private readonly maxBytes: number;

  constructor(
    readonly file: string,
    private readonly opts: RotationOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.maxBytes = (opts.maxSizeMB || DEFAULT_MAX_MB) * MB;
  }

  /** Appends `data` whole to one file (rotating first if it would not fit). */
  async write(data: Buffer): Promise<void> {
    if (!this.handle) await this.open();
    if (this.size > 0 && this.size + data.length > this.maxBytes) await this.rotate();
    await this.handle!.write(data);
    this.size += data.length;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async open(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // Audit events name users and objects: readable by the owner only, as lumberjack creates them.
    this.handle = await fs.open(this.file, 'a', 0o600);
    this.size = (await this.handle.stat()).size;
  }

  private async rotate(): Promise<void> {
    await this.close();
    // Strictly increasing, so two rotations in one millisecond never overwrite a backup.
    this.lastRotation = Math.max(this.now(), this.lastRotation + 1);
    await fs.rename(this.file, backupName(this.file, this.lastRotation));
    await this.open();
    await this.prune();
  }

  /** Deletes the backups beyond maxBackups (oldest first) and those older than maxAge. */
  private async prune(): Promise<void> {
    const dir = path.dirname(this.file);
    const backups = (await fs.readdir(dir))
      .map((name) => ({ name, at: backupTime(this.file, name) }))
      .filter((b): b is { name: string; at: number } => b.at !== undefined)
      .sort((a, b) => b.at - a.at);
    const cutoff = this.opts.maxAgeDays ? this.now() - this.opts.maxAgeDays * DAY_MS : -Infinity;
    const doomed = backups.filter((b, i) => (this.opts.maxBackups && i >= this.opts.maxBackups) || b.at < cutoff);
    await Promise.all(doomed.map((b) => fs.rm(path.join(dir, b.name), { force: true })));
  }
}
