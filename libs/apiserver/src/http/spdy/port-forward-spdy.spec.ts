import * as net from 'net';
import type { PortForwardConnection } from '../pod-streams';
import { ControlType, dataFrame, FrameReader, synStreamFrame } from './frames';
import { HeaderCodec } from './header-codec';
import { parsePort, servePortForward } from './port-forward-spdy';

/** A pod-side connection the test drives: records what the client sent, emits the pod's bytes and end. */
function fakeConnection() {
  const state = { written: '', ended: false, closed: false };
  let onData: ((data: Buffer) => void) | undefined;
  const early: Buffer[] = [];
  let onEnd: ((error?: string) => void) | undefined;
  let finished: { error?: string } | undefined;
  const connection: PortForwardConnection = {
    onData: (h) => {
      onData = h;
      for (const data of early.splice(0)) h(data);
    },
    onEnd: (h) => {
      onEnd = h;
      if (finished) h(finished.error);
    },
    onDrain: (h) => h(),
    write: (data) => {
      state.written += data.toString();
      return true;
    },
    end: () => (state.ended = true),
    close: () => (state.closed = true),
    pause: () => undefined,
    resume: () => undefined,
  };
  // Like the tunnel, which holds its frames until the bridge listens, bytes and an end before that are kept.
  const finish = (error?: string) => {
    if (onEnd) onEnd(error);
    else finished = { error };
  };
  const emit = (text: string) => (onData ? onData(Buffer.from(text)) : early.push(Buffer.from(text)));
  return { connection, state, emit, finish };
}

/** kubectl's side: streams opened with port-forward headers; collects what each receives. */
async function client(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const codec = new HeaderCodec();
  const reader = new FrameReader();
  const received = new Map<number, { data: string; fin: boolean; reset: boolean }>();
  socket.on('data', (chunk: Buffer) => {
    for (const frame of reader.push(chunk)) {
      if (frame.frame === 'data') {
        const entry = received.get(frame.streamId)!;
        entry.data += frame.data.toString();
        if (frame.flags & 1) entry.fin = true;
      } else if (frame.type === ControlType.RstStream) {
        received.get(frame.payload.readUInt32BE(0))!.reset = true;
      }
    }
  });
  return {
    received,
    async open(id: number, headers: Record<string, string>, fin = false) {
      received.set(id, { data: '', fin: false, reset: false });
      socket.write(synStreamFrame(id, await codec.encode(headers), fin));
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

describe('servePortForward', () => {
  let server: net.Server;
  let port: number;
  const dialled: Array<{ port: number; fake: ReturnType<typeof fakeConnection> }> = [];

  beforeEach(async () => {
    dialled.length = 0;
    server = net.createServer((socket) =>
      servePortForward(socket, Buffer.alloc(0), async (p) => {
        const fake = fakeConnection();
        dialled.push({ port: p, fake });
        // Dialling takes a while on a node (a process enters the pod's network namespace).
        await new Promise((r) => setTimeout(r, 50));
        return fake.connection;
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('pairs error and data streams by request id and carries each connection both ways with half-close', async () => {
    const c = await client(port);
    try {
      await c.open(1, { streamtype: 'error', port: '80', requestid: '0' }, true);
      await c.open(3, { streamtype: 'error', port: '81', requestid: '1' }, true);
      await c.open(5, { streamtype: 'data', port: '81', requestid: '1' });
      await c.open(7, { streamtype: 'data', port: '80', requestid: '0' });
      await until(() => dialled.length === 2, 'two dials');
      expect(dialled.map((d) => d.port)).toEqual([81, 80]);
      const [to81, to80] = dialled.map((d) => d.fake) as [ReturnType<typeof fakeConnection>, ReturnType<typeof fakeConnection>];
      c.send(7, 'GET 80', true);
      c.send(5, 'GET 81');
      await until(() => to80.state.ended && to81.state.written === 'GET 81', 'bytes toward the pod');
      expect(to80.state.written).toBe('GET 80');
      to80.emit('answer 80');
      to80.finish();
      to81.emit('answer 81');
      await until(() => c.received.get(7)!.fin && c.received.get(5)!.data === 'answer 81', 'bytes from the pod');
      expect(c.received.get(7)!.data).toBe('answer 80');
      expect(c.received.get(1)).toMatchObject({ data: '', fin: true });
      // Both directions of port 80's connection are done: its tunnel is released; 81's is not.
      expect(to80.state.closed).toBe(true);
      expect(to81.state.closed).toBe(false);
    } finally {
      c.close();
    }
  });

  it('keeps what the client sends while the port is being dialled', async () => {
    const c = await client(port);
    try {
      await c.open(1, { streamtype: 'error', port: '80', requestid: '0' }, true);
      await c.open(3, { streamtype: 'data', port: '80', requestid: '0' });
      c.send(3, 'GET / HTTP/1.1\r\n\r\n');
      await until(() => dialled.length === 1, 'the dial');
      await until(() => dialled[0]!.fake.state.written === 'GET / HTTP/1.1\r\n\r\n', 'the early request');
    } finally {
      c.close();
    }
  });

  it("writes a dial failure on the error stream and keeps serving the session's next connection", async () => {
    const c = await client(port);
    try {
      await c.open(1, { streamtype: 'error', port: '9999', requestid: '0' }, true);
      await c.open(3, { streamtype: 'data', port: '9999', requestid: '0' });
      await until(() => dialled.length === 1, 'the dial');
      dialled[0]!.fake.finish('error forwarding port 9999 to pod web, uid 1: connect: connection refused');
      await until(() => c.received.get(1)!.fin && c.received.get(3)!.fin, 'both streams closed');
      expect(c.received.get(1)!.data).toBe('error forwarding port 9999 to pod web, uid 1: connect: connection refused');
      await c.open(5, { streamtype: 'error', port: '80', requestid: '1' }, true);
      await c.open(7, { streamtype: 'data', port: '80', requestid: '1' });
      await until(() => dialled.length === 2, 'the next dial');
      dialled[1]!.fake.emit('still here');
      await until(() => c.received.get(7)!.data === 'still here', 'the next connection');
    } finally {
      c.close();
    }
  });

  it('refuses a bad port on the error stream and an unknown stream type with a reset', async () => {
    const c = await client(port);
    try {
      await c.open(1, { streamtype: 'error', port: '70000', requestid: '0' }, true);
      await c.open(3, { streamtype: 'data', port: '70000', requestid: '0' });
      await c.open(5, { streamtype: 'stdin', port: '80', requestid: '1' });
      await until(() => c.received.get(1)!.fin && c.received.get(5)!.reset, 'the refusals');
      expect(c.received.get(1)!.data).toBe('invalid port: "70000"');
      expect(dialled).toEqual([]);
    } finally {
      c.close();
    }
  });
});

describe('parsePort', () => {
  it('takes 1-65535 only', () => {
    expect(parsePort('8080')).toBe(8080);
    for (const bad of [undefined, '', '0', '65536', '80a', '-1']) expect(parsePort(bad)).toMatch(/^invalid port/);
  });
});
