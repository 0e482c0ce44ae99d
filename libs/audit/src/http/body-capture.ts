// Copies of a request's and a response's bodies for Request and RequestResponse events, taken
// without changing how the handlers read or write: the request's chunks as the HTTP parser pushes
// them (nobody has read the body when auditing starts), the response's as they are written.
import type { IncomingMessage, ServerResponse } from 'http';

/** Bodies larger than this are not recorded (Kubernetes refuses requests over 3 MiB anyway). */
export const MAX_CAPTURED_BYTES = 8 * 1024 * 1024;

export class Capture {
  private chunks: Buffer[] | undefined = [];
  private size = 0;

  add(chunk: unknown, encoding?: unknown): void {
    if (!this.chunks || chunk === null || chunk === undefined || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : undefined;
    if (!buf) return;
    this.size += buf.length;
    if (this.size > MAX_CAPTURED_BYTES) this.stop();
    else this.chunks.push(buf);
  }

  /** Stops copying and frees what was copied (the level needs no body, or it is too large). */
  stop(): void {
    this.chunks = undefined;
  }

  /** The whole body, or undefined if capture stopped. */
  body(): Buffer | undefined {
    return this.chunks && Buffer.concat(this.chunks);
  }
}

/** Copies the request body's chunks as they arrive. */
export function captureRequest(req: IncomingMessage): Capture {
  const capture = new Capture();
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    capture.add(chunk, encoding);
    return push(chunk, encoding);
  };
  return capture;
}

/** Copies the response body as it is written, while `wanted()` says so (decided when writing starts). */
export function captureResponse(res: ServerResponse, wanted: () => boolean): Capture {
  const capture = new Capture();
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let decided = false;
  const copy = (chunk: unknown, encoding: unknown) => {
    if (!decided) {
      decided = true;
      if (!wanted()) capture.stop();
    }
    capture.add(chunk, encoding);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    copy(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    copy(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return capture;
}
