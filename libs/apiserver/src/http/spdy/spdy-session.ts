// The server side of one SPDY/3.1 connection whose streams the client opens (kubectl exec):
// every SYN_STREAM gets a SYN_REPLY at once (the client waits for it before opening the next),
// PINGs are echoed, GOAWAY or a lost socket ends everything. Header blocks need the
// connection's zlib contexts in order, so frames are handled, and written, one at a time.
//
// Flow control (WINDOW_UPDATE) is not enforced in either direction; the Go client kubectl uses
// (spdystream) does not enforce it either. Bulk transfers (port-forward, cp) rely on TCP's
// instead: `congested`/`onDrain` tell a producer to wait while the socket is backed up, and
// `pauseInput` stops reading from the client while a consumer behind us is.
import type { Duplex } from 'stream';
import {
  ControlType,
  dataFrame,
  FLAG_FIN,
  type Frame,
  FrameReader,
  firstWord,
  goAwayFrame,
  parseSynStream,
  pingFrame,
  RST_CANCEL,
  RST_PROTOCOL_ERROR,
  rstStreamFrame,
  synReplyFrame,
} from './frames';
import { HeaderCodec, type HeaderMap } from './header-codec';

/** Data frames we send are cut to this size, well under the 24-bit limit. */
const MAX_DATA_CHUNK = 32 * 1024;
/** Bytes queued or buffered for the socket above which producers are asked to wait. */
const HIGH_WATER = 1 << 20;

export class SpdyStream {
  private dataHandlers: Array<(data: Buffer) => void> = [];
  private early: Buffer[] = [];
  private endHandlers: Array<() => void> = [];
  private remoteEnded = false;
  private localEnded = false;

  constructor(
    readonly id: number,
    readonly headers: HeaderMap,
    private readonly session: SpdySession,
  ) {}

  /** Data that came before the first handler (a port-forward client writes while we dial) is kept for it. */
  onData(handler: (data: Buffer) => void): void {
    this.dataHandlers.push(handler);
    for (const data of this.early.splice(0)) handler(data);
  }

  /** The client finished sending (FIN), reset the stream, or the connection went away. */
  onEnd(handler: () => void): void {
    if (this.remoteEnded) handler();
    else this.endHandlers.push(handler);
  }

  write(data: Buffer): void {
    if (this.localEnded) return;
    for (let at = 0; at < data.length; at += MAX_DATA_CHUNK)
      this.session.enqueue(dataFrame(this.id, data.subarray(at, at + MAX_DATA_CHUNK)));
  }

  /** Half-closes our side with an empty FIN data frame. */
  end(): void {
    if (this.localEnded) return;
    this.localEnded = true;
    this.session.enqueue(dataFrame(this.id, Buffer.alloc(0), true));
  }

  /** @internal */
  receive(data: Buffer, fin: boolean): void {
    if (this.remoteEnded) return;
    if (data.length && !this.dataHandlers.length) this.early.push(data);
    else if (data.length) for (const handler of this.dataHandlers) handler(data);
    if (fin) this.remoteEnd();
  }

  /** @internal */
  remoteEnd(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    for (const handler of this.endHandlers.splice(0)) handler();
  }

  /** Aborts the stream (RST_STREAM), e.g. when the pod's side failed. */
  reset(): void {
    if (this.localEnded && this.remoteEnded) return;
    this.localEnded = true;
    this.session.enqueue(rstStreamFrame(this.id, RST_CANCEL));
    this.remoteEnd();
  }

  /** @internal */
  markLocalEnded(): void {
    this.localEnded = true;
  }
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly codec = new HeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly closeHandlers: Array<() => void> = [];
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  private queuedBytes = 0;
  private drainHandlers: Array<() => void> = [];
  private inputPauses = 0;

  constructor(
    private readonly socket: Duplex,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.close());
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
    socket.on('drain', () => this.checkDrain());
  }

  /** Whether producers should wait for `onDrain` before sending more. */
  get congested(): boolean {
    return this.queuedBytes + this.socket.writableLength > HIGH_WATER;
  }

  /** Runs once, when the output is no longer congested (at once if it is not). */
  onDrain(handler: () => void): void {
    if (!this.congested || this.closed) handler();
    else this.drainHandlers.push(handler);
  }

  /** Stops reading from the client until as many `resumeInput` calls. */
  pauseInput(): void {
    if (this.inputPauses++ === 0) this.socket.pause();
  }

  resumeInput(): void {
    if (this.inputPauses > 0 && --this.inputPauses === 0) this.socket.resume();
  }

  private checkDrain(): void {
    if (this.congested) return;
    for (const handler of this.drainHandlers.splice(0)) handler();
  }

  /** Feeds bytes that arrived before the session took the socket (the upgrade's `head`). */
  receive(chunk: Buffer): void {
    if (this.closed || !chunk.length) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      return this.close();
    }
    for (const frame of frames) this.incoming = this.incoming.then(() => this.handle(frame)).catch(() => this.close());
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  /** Writes a frame after everything queued before it. */
  enqueue(frame: Buffer | (() => Promise<Buffer>)): void {
    if (this.closed) return;
    const size = typeof frame === 'function' ? 0 : frame.length;
    this.queuedBytes += size;
    this.outgoing = this.outgoing
      .then(async () => {
        const bytes = typeof frame === 'function' ? await frame() : frame;
        this.queuedBytes -= size;
        if (!this.closed) this.socket.write(bytes);
        this.checkDrain();
      })
      .catch(() => this.close());
  }

  /** Says goodbye once everything queued is written, then ends the socket. */
  goAway(): void {
    if (this.closed) return;
    this.enqueue(goAwayFrame(this.lastStreamId));
    this.outgoing = this.outgoing.then(() => {
      this.socket.end();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.remoteEnd();
    this.streams.clear();
    this.codec.close();
    if (!this.socket.destroyed) this.socket.destroy();
    for (const handler of this.drainHandlers.splice(0)) handler();
    for (const handler of this.closeHandlers.splice(0)) handler();
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    if (frame.frame === 'data') {
      const stream = this.streams.get(frame.streamId);
      if (!stream) return this.enqueue(rstStreamFrame(frame.streamId, RST_PROTOCOL_ERROR));
      return stream.receive(frame.data, (frame.flags & FLAG_FIN) !== 0);
    }
    switch (frame.type) {
      case ControlType.SynStream:
        return this.openStream(frame.payload, (frame.flags & FLAG_FIN) !== 0);
      case ControlType.RstStream: {
        const id = firstWord(frame.payload);
        this.streams.get(id)?.markLocalEnded();
        this.streams.get(id)?.remoteEnd();
        this.streams.delete(id);
        return;
      }
      case ControlType.Ping:
        // Our own pings would be even; the client's odd ones come back unchanged.
        return this.enqueue(pingFrame(frame.payload.readUInt32BE(0)));
      case ControlType.GoAway:
        return this.close();
      case ControlType.Headers:
        // Its header block still advances the shared zlib context.
        await this.codec.decode(frame.payload.subarray(4));
        return;
      default:
        // SETTINGS and WINDOW_UPDATE: nothing to do without flow control.
        return;
    }
  }

  private async openStream(payload: Buffer, fin: boolean): Promise<void> {
    const { streamId, headerBlock } = parseSynStream(payload);
    const headers = await this.codec.decode(headerBlock);
    const stream = new SpdyStream(streamId, headers, this);
    this.streams.set(streamId, stream);
    this.lastStreamId = Math.max(this.lastStreamId, streamId);
    this.enqueue(async () => synReplyFrame(streamId, await this.codec.encode({})));
    if (fin) stream.remoteEnd();
    this.onStream(stream);
  }
}
