// CRI log files as conmon writes them: "<RFC3339Nano time> <stdout|stderr> <F|P> <text>",
// where P marks a partial line continued by the next entry of the same stream.

import { ignoreMissing } from '@stevedore/files';
import { promises as fs, watch } from 'fs';
import { Observable } from 'rxjs';
import type { LogEntry, LogOptions } from '../container-runtime';

interface RawEntry {
  time: Date;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  text: string;
}

export function parseCriLine(line: string): RawEntry | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/.exec(line);
  if (!m) return undefined;
  return { time: new Date(m[1]!), stream: m[2] as 'stdout' | 'stderr', partial: m[3] === 'P', text: m[4]! };
}

/** Joins partial entries into whole lines. Keeps per-stream state across calls. */
export class LineJoiner {
  private pending: Record<string, RawEntry | undefined> = {};

  push(entry: RawEntry): LogEntry | undefined {
    const prev = this.pending[entry.stream];
    const merged = prev ? { ...entry, time: prev.time, text: prev.text + entry.text } : entry;
    if (entry.partial) {
      this.pending[entry.stream] = merged;
      return undefined;
    }
    this.pending[entry.stream] = undefined;
    return { time: merged.time, stream: merged.stream, line: merged.text };
  }
}

export function parseCriLog(text: string): LogEntry[] {
  const joiner = new LineJoiner();
  const out: LogEntry[] = [];
  for (const line of text.split('\n')) {
    const raw = parseCriLine(line);
    const entry = raw && joiner.push(raw);
    if (entry) out.push(entry);
  }
  return out;
}

/**
 * Streams a CRI log: the existing lines (or the last `tail`), then, with `follow`, new lines
 * as they are written until `isDone()` says the writer has finished and the file is drained.
 */
export function readCriLog(file: string, opts: LogOptions, isDone: () => Promise<boolean>): Observable<LogEntry> {
  return new Observable<LogEntry>((subscriber) => {
    let offset = 0;
    let carry = '';
    let closed = false;
    const joiner = new LineJoiner();
    const emitText = (text: string, limit?: number) => {
      const lines = (carry + text).split('\n');
      carry = lines.pop() ?? '';
      const entries = lines
        .map(parseCriLine)
        .filter((e): e is RawEntry => !!e)
        .map((e) => joiner.push(e))
        .filter((e): e is LogEntry => !!e);
      for (const e of limit === undefined ? entries : entries.slice(Math.max(0, entries.length - limit))) subscriber.next(e);
    };
    const readMore = async (limit?: number) => {
      // conmon creates the log when the container starts: until then there is nothing to read.
      const handle = await ignoreMissing(fs.open(file, 'r'));
      if (!handle) return;
      try {
        const { size } = await handle.stat();
        if (size < offset) offset = 0;
        if (size === offset) return;
        const buf = Buffer.alloc(size - offset);
        await handle.read(buf, 0, buf.length, offset);
        offset = size;
        emitText(buf.toString('utf8'), limit);
      } finally {
        await handle.close();
      }
    };
    let timer: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    const stop = () => {
      closed = true;
      if (timer) clearInterval(timer);
      watcher?.close();
    };
    (async () => {
      await readMore(opts.tail);
      if (!opts.follow) return subscriber.complete();
      let busy = false;
      const poll = async () => {
        if (busy || closed) return;
        busy = true;
        try {
          const done = await isDone();
          await readMore();
          if (done) {
            stop();
            subscriber.complete();
          }
        } finally {
          busy = false;
        }
      };
      // fs.watch wakes us promptly; the interval covers filesystems where it does not fire.
      try {
        watcher = watch(file, () => void poll());
      } catch {
        watcher = undefined;
      }
      timer = setInterval(() => void poll(), 250);
    })().catch((err) => subscriber.error(err));
    return stop;
  });
}
