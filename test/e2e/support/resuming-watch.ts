// A list-then-watch over several API servers, as client-go's reflector does it: when a watch ends
// (its control plane died or restarted) it watches again from the last resourceVersion it saw, on
// the next server; it lists again only on 410 Gone, and counts those relists. The fault tests use
// it to prove that no event is missed while control planes come and go.

import type { ClientRequest } from 'http';
import * as https from 'https';

export interface WatchedObject {
  code?: number;
  metadata: { resourceVersion: string };
}

export interface ResumingWatchOptions<T extends WatchedObject> {
  /** Base URLs of the API servers, asked again before each attempt (the set may change). */
  servers: () => string[];
  token: string;
  /** The collection, e.g. `/api/v1/namespaces/NS/pods?labelSelector=app%3Dweb`. */
  path: string;
  /** Every list's items (the first one's and each relist's). */
  onList(items: T[]): void;
  /** Every event but bookmarks and errors. */
  onEvent(type: string, object: T): void;
}

export interface ResumingWatch {
  relists(): number;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function resumingWatch<T extends WatchedObject>(opts: ResumingWatchOptions<T>): ResumingWatch {
  let relists = 0;
  let stopped = false;
  let current: ClientRequest | undefined;
  const headers = { authorization: `Bearer ${opts.token}` };
  const separator = opts.path.includes('?') ? '&' : '?';
  const serverAt = (i: number) => {
    const all = opts.servers();
    return all[i % all.length]!;
  };

  const get = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const req = https.get(url, { rejectUnauthorized: false, headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.setTimeout(10_000, () => req.destroy());
      req.on('error', () => resolve({ status: 0, body: '' }));
    });

  const list = async (i: number): Promise<string> => {
    for (; !stopped; i++) {
      const res = await get(`${serverAt(i)}${opts.path}`);
      if (res.status === 200) {
        const parsed = JSON.parse(res.body) as { metadata: { resourceVersion: string }; items: T[] };
        opts.onList(parsed.items);
        return parsed.metadata.resourceVersion;
      }
      await pause(200);
    }
    return '';
  };

  const watchFrom = (server: string, rv: string) =>
    new Promise<{ rv: string; gone: boolean }>((resolve) => {
      let last = rv;
      let buffer = '';
      const url = `${server}${opts.path}${separator}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`;
      current = https.get(url, { rejectUnauthorized: false, headers }, (res) => {
        if (res.statusCode === 410) return resolve({ rv: last, gone: true });
        res.on('data', (chunk) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines.filter(Boolean)) {
            const event = JSON.parse(line) as { type: string; object: T };
            if (event.type === 'ERROR') return resolve({ rv: last, gone: event.object.code === 410 });
            last = event.object.metadata.resourceVersion;
            if (event.type !== 'BOOKMARK') opts.onEvent(event.type, event.object);
          }
        });
        res.on('end', () => resolve({ rv: last, gone: false }));
        res.on('error', () => resolve({ rv: last, gone: false }));
      });
      current.on('error', () => resolve({ rv: last, gone: false }));
    });

  const done = (async () => {
    let i = 0;
    let rv = await list(i);
    while (!stopped) {
      const outcome = await watchFrom(serverAt(i), rv);
      rv = outcome.rv;
      if (outcome.gone && !stopped) {
        relists++;
        rv = await list(i);
      }
      if (!stopped) await pause(100);
      i++;
    }
  })();

  return {
    relists: () => relists,
    async stop() {
      stopped = true;
      current?.destroy();
      await done;
    },
  };
}
