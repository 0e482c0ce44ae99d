// Streams a watch as newline-delimited JSON events, flushing headers at once: kubectl waits
// for them before it reports success of commands like `delete`, so holding them back hangs it.

import type { ResourceStrategy } from '@stevedore/api';
import { logger } from '@stevedore/log';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Observable } from 'rxjs';
import type { WatchEvent } from '../registry/watch';
import { TABLE_CONTENT_TYPE } from '../request/content-type';
import { toTable } from '../tables/to-table';
import type { Negotiated } from './respond';

const log = logger('apiserver');

export function streamWatch(
  req: IncomingMessage,
  res: ServerResponse,
  resource: ResourceStrategy,
  events: Observable<WatchEvent>,
  how: Negotiated,
  timeoutSeconds?: number,
): void {
  res.writeHead(200, {
    'Content-Type': how.table ? TABLE_CONTENT_TYPE : 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  let first = true;
  const subscription = events.subscribe({
    next: (event) => {
      res.write(line(event, resource, how, first));
      if (event.type !== 'BOOKMARK' && event.type !== 'ERROR') first = false;
      if (event.type === 'ERROR') finish();
    },
    // Ending the stream is the answer clients expect (they list and watch again); the cause is logged.
    error: (err) => {
      log.warn('watch ended by an error', { resource: resource.plural, err });
      finish();
    },
    complete: () => finish(),
  });
  const timer = timeoutSeconds ? setTimeout(finish, timeoutSeconds * 1000) : undefined;
  function finish(): void {
    if (timer) clearTimeout(timer);
    subscription?.unsubscribe();
    if (!res.writableEnded) res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
}

/**
 * Every watcher of a resource gets the same decoded object from the watch cache, all in the
 * turn of the event loop the event arrived in; it is serialized once for all of them (500
 * watchers: one JSON.stringify per event, not 500). The lines are forgotten when the turn ends:
 * kept for as long as their objects lived (a WeakMap), they held one line per object the
 * informers keep, 27 MB at 15,000 pods.
 */
let serialized = new Map<object, { type: string; line: string }>();

function line(event: WatchEvent, resource: ResourceStrategy, how: Negotiated, first: boolean): string {
  if (how.table || event.type === 'ERROR' || event.type === 'BOOKMARK') return JSON.stringify(render(event, resource, how, first)) + '\n';
  const cached = serialized.get(event.object);
  if (cached?.type === event.type) return cached.line;
  const text = JSON.stringify(event) + '\n';
  if (serialized.size === 0) setImmediate(() => (serialized = new Map()));
  serialized.set(event.object, { type: event.type, line: text });
  return text;
}

function render(event: WatchEvent, resource: ResourceStrategy, how: Negotiated, first: boolean): unknown {
  if (!how.table || event.type === 'ERROR' || event.type === 'BOOKMARK') return event;
  const table = toTable(resource.printer, [event.object], {
    resourceVersion: event.object.metadata.resourceVersion,
    include: how.include,
    withColumns: first,
  });
  return { type: event.type, object: table };
}
