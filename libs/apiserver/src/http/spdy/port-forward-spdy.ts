// `kubectl port-forward` over SPDY/3.1 (protocol `portforward.k8s.io`). No ports are named in
// the URL: for every local connection the client opens two streams carrying the same `port`
// and `requestid` headers, first `streamtype: error` (which it half-closes at once; we write a
// dial failure there) and then `streamtype: data` (the bytes, both ways). The next connection
// uses the next request id, so any number of connections and ports share one session.

import type { Duplex } from 'stream';
import type { PortForwardConnection } from '../pod-streams';
import { SpdySession, type SpdyStream } from './spdy-session';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** A data stream whose error stream never comes (or the reverse) is dropped after this long. */
const PAIR_WAIT_MS = 30_000;

export type DialPort = (port: number) => Promise<PortForwardConnection>;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Serves port-forward streams over a socket that already speaks SPDY (after the 101, or inside a WebSocket). */
export function servePortForward(socket: Duplex, head: Buffer, dial: DialPort): SpdySession {
  const pairs = new Map<string, Pair>();
  const connections = new Set<PortForwardConnection>();
  const session = new SpdySession(socket, (stream) => {
    const type = stream.headers['streamtype'];
    const key = `${stream.headers['requestid'] ?? ''}/${stream.headers['port'] ?? ''}`;
    if (type !== 'error' && type !== 'data') return stream.reset();
    const pair = pairs.get(key) ?? { timer: setTimeout(() => dropPair(key), PAIR_WAIT_MS) };
    pair.timer.unref();
    pairs.set(key, pair);
    pair[type] = stream;
    if (!pair.error || !pair.data) return;
    clearTimeout(pair.timer);
    pairs.delete(key);
    void forward(session, pair.error, pair.data, dial, connections);
  });
  const dropPair = (key: string) => {
    const pair = pairs.get(key);
    pairs.delete(key);
    pair?.error?.reset();
    pair?.data?.reset();
  };
  session.onClose(() => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
    for (const connection of connections) connection.close();
  });
  session.receive(head);
  return session;
}

/** Kubernetes' port check, with its message. */
export function parsePort(raw: string | undefined): number | string {
  const port = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || port < 1 || port > 65535) return `invalid port: "${raw ?? ''}"`;
  return port;
}

async function forward(
  session: SpdySession,
  error: SpdyStream,
  data: SpdyStream,
  dial: DialPort,
  connections: Set<PortForwardConnection>,
): Promise<void> {
  const fail = (message: string) => {
    error.write(Buffer.from(message));
    error.end();
    data.end();
  };
  const port = parsePort(data.headers['port']);
  if (typeof port === 'string') return fail(port);
  let connection: PortForwardConnection;
  try {
    connection = await dial(port);
  } catch (err) {
    return fail((err as Error).message);
  }
  connections.add(connection);
  // The tunnel is released once both directions have finished.
  let clientDone = false;
  let podDone = false;
  const release = () => {
    if (!clientDone || !podDone) return;
    connections.delete(connection);
    connection.close();
  };
  // Client → pod: stop reading the client while the pod's side is backed up.
  data.onData((bytes) => {
    if (connection.write(bytes)) return;
    session.pauseInput();
    connection.onDrain(() => session.resumeInput());
  });
  data.onEnd(() => {
    clientDone = true;
    connection.end();
    release();
  });
  // Pod → client: hold the pod's bytes while the client's socket is backed up.
  connection.onData((bytes) => {
    data.write(bytes);
    if (!session.congested) return;
    connection.pause();
    session.onDrain(() => connection.resume());
  });
  connection.onEnd((message) => {
    podDone = true;
    if (message) {
      clientDone = true;
      fail(message);
    } else {
      data.end();
      error.end();
    }
    release();
  });
}
