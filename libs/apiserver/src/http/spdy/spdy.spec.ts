import { StatusError } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import * as net from 'net';
import * as zlib from 'zlib';
import type { ExecChannel } from '../pod-streams';
import { SPDY3_DICTIONARY } from './dictionary';
import { acceptSpdyExec, expectedStreams, negotiateSpdyExec } from './exec-spdy';
import { ControlType, dataFrame, type Frame, FrameReader, pingFrame, synStreamFrame } from './frames';
import { HeaderCodec, parseHeaders, serializeHeaders } from './header-codec';

/** The first frame kubectl 1.27.16 sent after the upgrade: SYN_STREAM 1 {streamtype: error}. */
const KUBECTL_SYN_STREAM = Buffer.from(
  '800300010000002900000001000000000000' + '78f9e3c6a7c262606060' + '04a7b392a2d4c45c6851c29a0a0a6800000000ffff',
  'hex',
);

describe('SPDY/3 dictionary and header blocks', () => {
  it('has the size and Adler-32 the spec dictionary has', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    // A zlib stream primed with a dictionary names it by Adler-32 in bytes 2-5 of its header.
    const header = zlib.deflateSync(Buffer.from('x'), { dictionary: SPDY3_DICTIONARY }).subarray(2, 6);
    expect(header.toString('hex')).toBe('e3c6a7c2');
  });

  it('decodes the header block kubectl sends', async () => {
    const [frame] = new FrameReader().push(KUBECTL_SYN_STREAM) as [Frame & { frame: 'control' }];
    expect(frame).toMatchObject({ frame: 'control', type: ControlType.SynStream, flags: 0 });
    const codec = new HeaderCodec();
    expect(await codec.decode(frame.payload.subarray(10))).toEqual({ streamtype: 'error' });
    codec.close();
  });

  it('round-trips blocks through one shared context per direction', async () => {
    const client = new HeaderCodec();
    const server = new HeaderCodec();
    for (const headers of [{ streamtype: 'stdout' }, { streamtype: 'stderr', port: '80' }, {}] as Record<string, string>[]) {
      // What one side encodes, the other side's inflater (its peer's) decodes in order.
      const block = await client.encode(headers);
      expect(await server.decode(block)).toEqual(headers);
    }
    client.close();
    server.close();
  });

  it('serializes name/value pairs with 32-bit lengths', () => {
    const block = serializeHeaders({ StreamType: 'error' });
    expect(block.toString('hex')).toBe(
      '00000001' + '0000000a' + Buffer.from('streamtype').toString('hex') + '00000005' + Buffer.from('error').toString('hex'),
    );
    expect(parseHeaders(block)).toEqual({ streamtype: 'error' });
    expect(() => parseHeaders(block.subarray(0, block.length - 1))).toThrow(/truncated/);
  });
});

describe('FrameReader', () => {
  it('reassembles frames cut at every byte', () => {
    const bytes = Buffer.concat([KUBECTL_SYN_STREAM, dataFrame(1, Buffer.from('hello'), true), pingFrame(7)]);
    const reader = new FrameReader();
    const frames: Frame[] = [];
    for (const byte of bytes) frames.push(...reader.push(Buffer.from([byte])));
    expect(frames.map((f) => (f.frame === 'data' ? `data ${f.streamId} ${f.flags} ${f.data}` : `control ${f.type}`))).toEqual([
      'control 1',
      'data 1 1 hello',
      'control 6',
    ]);
  });

  it('rejects other SPDY versions and oversized frames', () => {
    expect(() => new FrameReader().push(Buffer.from('800200010000000000', 'hex').subarray(0, 8))).toThrow(/version 2/);
    expect(() => new FrameReader().push(Buffer.from('00000001 00ffffff'.replace(' ', ''), 'hex'))).toThrow(/too large/);
  });
});

describe('negotiateSpdyExec', () => {
  const req = (offer?: string) =>
    ({ headers: offer === undefined ? {} : { 'x-stream-protocol-version': offer } }) as unknown as IncomingMessage;

  it('picks v4 among the offers', () => {
    expect(negotiateSpdyExec(req('v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io'))).toBe('v4.channel.k8s.io');
    expect(negotiateSpdyExec(req('v5.channel.k8s.io, v4.channel.k8s.io'))).toBe('v4.channel.k8s.io');
  });

  it('400s when v4 is not offered', () => {
    for (const offer of ['channel.k8s.io', undefined]) {
      try {
        negotiateSpdyExec(req(offer));
        throw new Error('expected a Status');
      } catch (err) {
        expect(err).toBeInstanceOf(StatusError);
        expect((err as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
      }
    }
  });

  it('knows which streams the client opens', () => {
    expect(expectedStreams({ stdin: false, stdout: true, stderr: true, tty: false })).toEqual(['error', 'stdout', 'stderr']);
    expect(expectedStreams({ stdin: true, stdout: true, stderr: true, tty: true })).toEqual(['error', 'stdin', 'stdout', 'resize']);
  });
});

/** A scripted exec: records stdin, lets the test emit output and the end. */
function fakeChannel() {
  let frameHandler: (ch: number, data: Buffer) => void = () => undefined;
  let endHandler: () => void = () => undefined;
  const state = { stdin: '', stdinClosed: false, closed: false };
  const channel: ExecChannel = {
    onFrame: (h) => (frameHandler = h),
    onEnd: (h) => (endHandler = h),
    send: (ch, data) => {
      if (ch === 0) state.stdin += data.toString();
    },
    closeStdin: () => (state.stdinClosed = true),
    close: () => (state.closed = true),
  };
  return { channel, state, emit: (ch: number, text: string) => frameHandler(ch, Buffer.from(text)), end: () => endHandler() };
}

/** The client half of a connection: opens streams, collects what each receives. */
async function spdyClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const codec = new HeaderCodec();
  const reader = new FrameReader();
  let preamble = '';
  const received = new Map<number, { data: string; fin: boolean; replied: boolean }>();
  const controls: Array<{ type: number; payload: Buffer }> = [];
  socket.on('data', (chunk: Buffer) => {
    if (!preamble.includes('\r\n\r\n')) {
      preamble += chunk.toString('latin1');
      const at = chunk.indexOf('\r\n\r\n');
      if (at < 0) return;
      chunk = chunk.subarray(at + 4);
    }
    for (const frame of reader.push(chunk)) {
      if (frame.frame === 'data') {
        const entry = received.get(frame.streamId)!;
        entry.data += frame.data.toString();
        if (frame.flags & 1) entry.fin = true;
      } else {
        if (frame.type === ControlType.SynReply) received.get(frame.payload.readUInt32BE(0))!.replied = true;
        controls.push(frame);
      }
    }
  });
  return {
    socket,
    received,
    controls,
    preamble: () => preamble,
    async open(id: number, streamtype: string, fin = false) {
      received.set(id, { data: '', fin: false, replied: false });
      socket.write(synStreamFrame(id, await codec.encode({ streamtype }), fin));
    },
    send: (id: number, text: string, fin = false) => socket.write(dataFrame(id, Buffer.from(text), fin)),
    close: () => {
      codec.close();
      socket.destroy();
    },
  };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('acceptSpdyExec', () => {
  let server: net.Server;
  let port: number;
  let onConnection: (socket: net.Socket) => void;

  beforeEach(async () => {
    server = net.createServer((s) => onConnection(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 101, replies to each stream, holds early output, forwards stdin and ends with the Status', async () => {
    const exec = fakeChannel();
    onConnection = (socket) =>
      acceptSpdyExec(socket, Buffer.alloc(0), exec.channel, { stdin: true, stdout: true, stderr: true, tty: false });
    const client = await spdyClient(port);
    try {
      await until(() => client.preamble().includes('\r\n\r\n'), 'the 101');
      expect(client.preamble()).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
      expect(client.preamble()).toMatch(/\r\nUpgrade: SPDY\/3\.1\r\n/);
      expect(client.preamble()).toMatch(/\r\nX-Stream-Protocol-Version: v4\.channel\.k8s\.io\r\n/);
      // Output before the client opened stdout must not be lost.
      exec.emit(1, 'early ');
      await client.open(1, 'error');
      await client.open(3, 'stdin');
      await client.open(5, 'stdout');
      await client.open(7, 'stderr');
      await until(() => [1, 3, 5, 7].every((id) => client.received.get(id)?.replied), 'four SYN_REPLYs');
      client.send(3, 'typed\n');
      client.send(3, '', true);
      await until(() => exec.state.stdinClosed, 'stdin closed');
      expect(exec.state.stdin).toBe('typed\n');
      exec.emit(1, 'late');
      exec.emit(2, 'oops');
      exec.emit(3, '{"metadata":{},"status":"Success"}');
      exec.end();
      await until(() => [1, 5, 7].every((id) => client.received.get(id)?.fin), 'FIN on error, stdout and stderr');
      expect(client.received.get(5)!.data).toBe('early late');
      expect(client.received.get(7)!.data).toBe('oops');
      expect(JSON.parse(client.received.get(1)!.data)).toEqual({ metadata: {}, status: 'Success' });
      // Pings come back unchanged.
      client.socket.write(pingFrame(9));
      await until(() => client.controls.some((c) => c.type === ControlType.Ping), 'the ping echo');
      expect(client.controls.find((c) => c.type === ControlType.Ping)!.payload.readUInt32BE(0)).toBe(9);
    } finally {
      client.close();
    }
  });

  it('stops the exec when the client goes away', async () => {
    const exec = fakeChannel();
    onConnection = (socket) =>
      acceptSpdyExec(socket, Buffer.alloc(0), exec.channel, { stdin: false, stdout: true, stderr: true, tty: false });
    const client = await spdyClient(port);
    await client.open(1, 'error');
    await until(() => !!client.received.get(1)?.replied, 'the SYN_REPLY');
    client.close();
    await until(() => exec.state.closed, 'the exec closed');
  });

  it('reads frames that arrived with the upgrade request', async () => {
    const exec = fakeChannel();
    const codec = new HeaderCodec();
    const head = synStreamFrame(1, await codec.encode({ streamtype: 'error' }));
    onConnection = (socket) => acceptSpdyExec(socket, head, exec.channel, { stdin: false, stdout: false, stderr: false, tty: false });
    const client = await spdyClient(port);
    try {
      client.received.set(1, { data: '', fin: false, replied: false });
      exec.emit(3, '{"status":"Failure"}');
      exec.end();
      await until(() => !!client.received.get(1)?.fin, 'the error stream FIN');
      expect(client.received.get(1)).toMatchObject({ replied: true, data: '{"status":"Failure"}' });
    } finally {
      codec.close();
      client.close();
    }
  });
});
