// SPDY/3.1 framing (SPDY Protocol draft 3 with 3.1's flow control), as far as a server of
// client-initiated streams needs it. Every frame has an 8-byte header:
//   control: 1 bit set | 15-bit version (3) | 16-bit type | 8-bit flags | 24-bit length
//   data:    1 bit clear | 31-bit stream id              | 8-bit flags | 24-bit length
// followed by `length` bytes of payload. Numbers are big-endian.

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;

export enum ControlType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

/** RST_STREAM status codes used here. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
/** GOAWAY status: OK. */
export const GOAWAY_OK = 0;

export type Frame =
  | { frame: 'data'; streamId: number; flags: number; data: Buffer }
  | { frame: 'control'; type: number; flags: number; payload: Buffer };

const HEADER_BYTES = 8;
const STREAM_ID_MASK = 0x7fffffff;
/** Frames are at most 2^24-1 bytes of payload; we refuse far smaller ones to bound memory. */
export const MAX_FRAME_PAYLOAD = 1 << 20;

/** Splits a byte stream, cut at arbitrary points, into frames. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  /** Returns the complete frames in what has arrived so far. */
  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buffered.length >= HEADER_BYTES) {
      const length = this.buffered.readUIntBE(5, 3);
      if (length > MAX_FRAME_PAYLOAD) throw new Error(`SPDY frame of ${length} bytes is too large`);
      if (this.buffered.length < HEADER_BYTES + length) break;
      frames.push(parseFrame(this.buffered.subarray(0, HEADER_BYTES + length)));
      this.buffered = this.buffered.subarray(HEADER_BYTES + length);
    }
    return frames;
  }
}

function parseFrame(bytes: Buffer): Frame {
  const flags = bytes[4]!;
  const payload = Buffer.from(bytes.subarray(HEADER_BYTES));
  if (!(bytes[0]! & 0x80)) return { frame: 'data', streamId: bytes.readUInt32BE(0) & STREAM_ID_MASK, flags, data: payload };
  const version = bytes.readUInt16BE(0) & 0x7fff;
  if (version !== SPDY_VERSION) throw new Error(`unsupported SPDY version ${version}`);
  return { frame: 'control', type: bytes.readUInt16BE(2), flags, payload };
}

function header(first: number, flags: number, length: number): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt32BE(first >>> 0, 0);
  out[4] = flags;
  out.writeUIntBE(length, 5, 3);
  return out;
}

export function controlFrame(type: ControlType, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header(((0x8000 | SPDY_VERSION) << 16) | type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, data: Buffer, fin = false): Buffer {
  return Buffer.concat([header(streamId & STREAM_ID_MASK, fin ? FLAG_FIN : 0, data.length), data]);
}

function words(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

/** SYN_STREAM payload: stream id, associated stream id, priority (3 bits) and slot, header block. */
export function parseSynStream(payload: Buffer): { streamId: number; headerBlock: Buffer } {
  if (payload.length < 10) throw new Error('short SYN_STREAM');
  return { streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, headerBlock: payload.subarray(10) };
}

/** SYN_STREAM as a client would send it (tests). */
export function synStreamFrame(streamId: number, headerBlock: Buffer, fin = false): Buffer {
  return controlFrame(ControlType.SynStream, fin ? FLAG_FIN : 0, Buffer.concat([words(streamId, 0), Buffer.from([0, 0]), headerBlock]));
}

export function synReplyFrame(streamId: number, headerBlock: Buffer, fin = false): Buffer {
  return controlFrame(ControlType.SynReply, fin ? FLAG_FIN : 0, Buffer.concat([words(streamId), headerBlock]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return controlFrame(ControlType.RstStream, 0, words(streamId, status));
}

export function pingFrame(id: number): Buffer {
  return controlFrame(ControlType.Ping, 0, words(id));
}

export function goAwayFrame(lastGoodStreamId: number, status = GOAWAY_OK): Buffer {
  return controlFrame(ControlType.GoAway, 0, words(lastGoodStreamId, status));
}

/** The first 32-bit word of a control payload: the stream id (RST, HEADERS, WINDOW_UPDATE) or ping id. */
export function firstWord(payload: Buffer): number {
  if (payload.length < 4) throw new Error('short control frame');
  return payload.readUInt32BE(0) & STREAM_ID_MASK;
}
