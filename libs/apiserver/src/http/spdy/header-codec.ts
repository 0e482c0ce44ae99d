// SPDY/3 name/value header blocks: a 32-bit pair count, then per pair a 32-bit length and the
// name (lower case), a 32-bit length and the value (several values joined by NUL). Each
// direction of a connection compresses all its blocks with ONE zlib stream primed with the
// SPDY dictionary, ending every block with a sync flush, so blocks must be coded in order.
import * as zlib from 'zlib';
import { SPDY3_DICTIONARY } from './dictionary';

export type HeaderMap = Record<string, string>;

export function serializeHeaders(headers: HeaderMap): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function parseHeaders(block: Buffer): HeaderMap {
  let at = 0;
  const take = (): Buffer => {
    if (at + 4 > block.length) throw new Error('truncated SPDY header block');
    const length = block.readUInt32BE(at);
    if (at + 4 + length > block.length) throw new Error('truncated SPDY header block');
    const out = block.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return out;
  };
  if (block.length < 4) throw new Error('truncated SPDY header block');
  const count = block.readUInt32BE(0);
  at = 4;
  const headers: HeaderMap = {};
  for (let i = 0; i < count; i++) {
    const name = take().toString('utf8');
    headers[name] = take().toString('utf8');
  }
  return headers;
}

function u32(n: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n, 0);
  return out;
}

/** One direction's zlib context; calls run one after another, each ending in a sync flush. */
class ZlibContext {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly z: zlib.Inflate | zlib.Deflate) {}

  run(input: Buffer): Promise<Buffer> {
    const result = this.queue.then(() => this.flushThrough(input));
    // Not a swallow: the caller gets the error from `result`; the queue only waits for it to settle.
    this.queue = result.catch(() => undefined);
    return result;
  }

  private flushThrough(input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const onData = (chunk: Buffer) => chunks.push(chunk);
      const onError = (err: Error) => {
        this.z.off('data', onData);
        reject(err);
      };
      this.z.on('data', onData);
      this.z.once('error', onError);
      this.z.write(input);
      this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.z.off('data', onData);
        this.z.off('error', onError);
        resolve(Buffer.concat(chunks));
      });
    });
  }

  close(): void {
    this.z.close();
  }
}

/** The pair of contexts of one connection: inflating what the peer sent, deflating what we send. */
export class HeaderCodec {
  private readonly inflater = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));
  private readonly deflater = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }));

  async decode(compressed: Buffer): Promise<HeaderMap> {
    return parseHeaders(await this.inflater.run(compressed));
  }

  encode(headers: HeaderMap): Promise<Buffer> {
    return this.deflater.run(serializeHeaders(headers));
  }

  close(): void {
    this.inflater.close();
    this.deflater.close();
  }
}
