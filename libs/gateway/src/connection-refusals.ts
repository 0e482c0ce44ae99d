// Logs what grpc-js refuses below the gRPC layer, where no handler sees it: TLS handshakes that
// fail (raw bytes, plain HTTP, a client sending junk) and HTTP/2 requests that are not gRPC calls
// of this service. grpc-js answers them correctly but only traces them, so an attack on the agent
// port left no sign. Logs are rate-limited per peer address so a flood cannot flood the log.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@stevedore/log';
import type { EventEmitter } from 'events';
import type { IncomingHttpHeaders } from 'http2';

/** One log line per peer and kind of refusal in this window; the rest are counted into it. */
const LOG_WINDOW_MS = 10_000;

export type RefusalKind = 'tls-handshake' | 'bad-http2' | 'not-grpc' | 'unknown-method' | 'credential';

export class RefusalLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs the refusal unless the same peer had one of this kind logged within the window. */
  refused(kind: RefusalKind, peer: string, detail: string): boolean {
    const key = `${kind} ${peer}`;
    const now = this.now();
    const earlier = this.last.get(key);
    if (earlier && now - earlier.at < LOG_WINDOW_MS) {
      earlier.suppressed++;
      return false;
    }
    this.last.delete(key); // re-inserted last: the map is kept in age order for pruning
    this.last.set(key, { at: now, suppressed: 0 });
    this.prune(now);
    this.log.warn(`refused on the agent port: ${describe(kind)}`, {
      peer,
      detail,
      ...(earlier?.suppressed ? { alsoRefusedSinceLastLog: earlier.suppressed } : {}),
    });
    return true;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.last) {
      if (now - entry.at < LOG_WINDOW_MS) break;
      this.last.delete(key);
    }
  }
}

function describe(kind: RefusalKind): string {
  if (kind === 'tls-handshake') return 'TLS handshake failed';
  if (kind === 'credential') return 'a call without a valid node token';
  if (kind === 'bad-http2') return 'its HTTP/2 frames were invalid';
  if (kind === 'not-grpc') return 'an HTTP/2 request that is not gRPC';
  return 'a call to a method the gateway does not serve';
}

/**
 * Attaches the refusal log to the HTTP/2 servers grpc-js bound. grpc-js keeps them in a private
 * map: when a grpc-js upgrade moves it, this says so once (nothing breaks, refusals go unlogged).
 */
export function watchRefusals(server: grpc.Server, refusals: RefusalLog, methods: Set<string>, log: Logger): void {
  const servers = Reflect.get(server, 'http2Servers') as Map<EventEmitter, unknown> | undefined;
  if (!(servers instanceof Map)) {
    log.warn('cannot watch the agent port for refused connections: grpc-js internals changed');
    return;
  }
  for (const http2 of servers.keys()) {
    http2.on('tlsClientError', (err: Error, socket: { remoteAddress?: string }) =>
      refusals.refused('tls-handshake', socket.remoteAddress ?? 'unknown', err.message),
    );
    http2.on('sessionError', (err: Error, session?: { socket?: { remoteAddress?: string } }) =>
      refusals.refused('bad-http2', session?.socket?.remoteAddress ?? 'unknown', err.message),
    );
    http2.on('stream', (stream: { session?: { socket?: { remoteAddress?: string } } }, headers: IncomingHttpHeaders) => {
      const peer = stream.session?.socket?.remoteAddress ?? 'unknown';
      const contentType = String(headers['content-type'] ?? '');
      const path = String(headers[':path'] ?? '');
      if (!contentType.startsWith('application/grpc')) refusals.refused('not-grpc', peer, `${headers[':method']} ${path}`);
      else if (!methods.has(path)) refusals.refused('unknown-method', peer, path);
    });
  }
}
