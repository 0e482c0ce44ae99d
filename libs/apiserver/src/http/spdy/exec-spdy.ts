// `kubectl exec` over SPDY/3.1 (kubectl 1.27-1.29, and newer ones falling back): a POST with
// `Upgrade: SPDY/3.1` and `X-Stream-Protocol-Version` offers. We answer 101 with the v4 channel
// protocol; the client then opens one stream per channel, named by its `streamtype` header:
// error (the final Status as JSON), stdin, stdout, stderr and resize (with a tty).

import { statusError } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { type ExecChannel, RESIZE, STATUS, STDERR, STDIN, STDOUT } from '../pod-streams';
import { SpdySession, type SpdyStream } from './spdy-session';

export const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';
/** Output is held until the client has opened every stream it asked for, at most this long. */
const STREAMS_WAIT_MS = 10_000;
/** After the Status is sent the client closes the connection; we close it ourselves after this. */
const LINGER_MS = 10_000;

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return /^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? '').trim());
}

/** Checks the client offers the v4 protocol before anything starts; 400 otherwise. */
export function negotiateSpdyExec(req: IncomingMessage): string {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!offered.includes(SPDY_EXEC_PROTOCOL)) {
    throw statusError(
      400,
      'BadRequest',
      `unable to upgrade: no common stream protocol; the server supports ${SPDY_EXEC_PROTOCOL}, the client offered ${offered.join(', ') || 'none'}`,
    );
  }
  return SPDY_EXEC_PROTOCOL;
}

export interface SpdyExecOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The stream types the v4 client opens for these options (error always). */
export function expectedStreams(o: SpdyExecOptions): string[] {
  return [
    'error',
    ...(o.stdin ? ['stdin'] : []),
    ...(o.stdout ? ['stdout'] : []),
    ...(o.stderr && !o.tty ? ['stderr'] : []),
    ...(o.tty ? ['resize'] : []),
  ];
}

export function acceptSpdyExec(socket: Duplex, head: Buffer, channel: ExecChannel, options: SpdyExecOptions): void {
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_EXEC_PROTOCOL}\r\n\r\n`,
  );
  const bridge = new ExecBridge(channel, expectedStreams(options));
  const session = new SpdySession(socket, (stream) => bridge.attach(stream));
  bridge.session = session;
  session.onClose(() => bridge.clientGone());
  session.receive(head);
}

/** Connects the client's streams to the exec channel, holding output until its stream exists. */
class ExecBridge {
  session!: SpdySession;
  private readonly streams = new Map<string, SpdyStream>();
  private readonly pending = new Map<string, Buffer[]>();
  private ended = false;
  private finished = false;
  private readonly waitTimer: NodeJS.Timeout;

  constructor(
    private readonly channel: ExecChannel,
    private readonly expected: string[],
  ) {
    channel.onFrame((ch, data) => this.output(ch, data));
    channel.onEnd(() => {
      this.ended = true;
      this.finishWhenReady();
    });
    // A client that never opens its streams must not hold the exec open forever.
    this.waitTimer = setTimeout(() => this.finish(), STREAMS_WAIT_MS);
    this.waitTimer.unref();
  }

  attach(stream: SpdyStream): void {
    const type = stream.headers['streamtype'] ?? '';
    this.streams.set(type, stream);
    if (type === 'stdin') {
      stream.onData((data) => this.channel.send(STDIN, data));
      stream.onEnd(() => this.channel.closeStdin());
    }
    if (type === 'resize') stream.onData((data) => this.channel.send(RESIZE, data));
    for (const data of this.pending.get(type)?.splice(0) ?? []) stream.write(data);
    if (this.expected.every((t) => this.streams.has(t))) clearTimeout(this.waitTimer);
    this.finishWhenReady();
  }

  clientGone(): void {
    clearTimeout(this.waitTimer);
    this.finished = true;
    this.channel.close();
  }

  private output(ch: number, data: Buffer): void {
    const type = ch === STDOUT ? 'stdout' : ch === STDERR ? 'stderr' : ch === STATUS ? 'error' : undefined;
    if (!type || this.finished) return;
    const stream = this.streams.get(type);
    if (stream) stream.write(data);
    else if (this.expected.includes(type)) this.pending.set(type, [...(this.pending.get(type) ?? []), data]);
  }

  private finishWhenReady(): void {
    if (this.ended && this.expected.every((t) => this.streams.has(t))) this.finish();
  }

  /** Half-closes every stream (the Status is already on `error`), then lets the client hang up. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.waitTimer);
    for (const stream of this.streams.values()) stream.end();
    const linger = setTimeout(() => this.session.goAway(), LINGER_MS);
    linger.unref();
    this.session.onClose(() => clearTimeout(linger));
    if (!this.ended) this.channel.close();
  }
}
