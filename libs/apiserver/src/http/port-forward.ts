// `kubectl port-forward`: pods/NAME/portforward upgraded to SPDY/3.1 (every kubectl), or, from
// kubectl 1.31, a WebSocket whose subprotocol `SPDY/3.1+portforward.k8s.io` says its binary
// messages carry the same SPDY bytes (KEP-4006's tunnel; messages are cut at arbitrary points).
// Either way the SPDY session is served by spdy/port-forward-spdy.ts; each connection the client
// opens is dialled, through the pod's node, to the port inside the pod's network namespace.

import { badRequest, findResource, statusError } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import type { IncomingMessage } from 'http';
import { Duplex } from 'stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiObject } from '../objects/api-object';
import type { ObjectRegistry } from '../registry/object-registry';
import { admitConnect, portForwardOptions } from './connect-admission';
import type { PodStreams } from './pod-streams';
import { offeredProtocols, rejectUpgrade } from './reject-upgrade';
import { isSpdyUpgrade } from './spdy/exec-spdy';
import { PORT_FORWARD_PROTOCOL, servePortForward } from './spdy/port-forward-spdy';

const PORT_FORWARD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/;
export const TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;
const PODS = findResource('', 'pods')!;
/** Bytes buffered toward a WebSocket client above which the SPDY writer waits. */
const WS_HIGH_WATER = 1 << 20;

// `ws` refuses `/` in a subprotocol (it is not an HTTP token character), so the header is taken
// off before the handshake and our answer added back here.
const wss = new WebSocketServer({ noServer: true });
wss.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${TUNNEL_PROTOCOL}`));

export interface PortForwardDeps {
  registry: ObjectRegistry;
  streams?: PodStreams;
  authenticated: boolean;
  /** The acting user, for CONNECT admission's userInfo. */
  user?: User;
}

/** Returns false when the request is not a port-forward upgrade. */
export function handlePortForwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: PortForwardDeps): boolean {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const match = PORT_FORWARD_PATH.exec(url.pathname);
  if (!match) return false;
  const [, namespace, name] = match.map(decodeURIComponent) as [string, string, string];
  void upgrade(req, socket, head, { namespace, name, params: url.searchParams }, deps).catch((err) => rejectUpgrade(socket, err));
  return true;
}

async function upgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  { namespace, name, params }: { namespace: string; name: string; params: URLSearchParams },
  deps: PortForwardDeps,
) {
  if (!deps.authenticated) throw statusError(401, 'Unauthorized', 'Unauthorized');
  const spdy = isSpdyUpgrade(req);
  const offered = offeredProtocols(spdy ? req.headers['x-stream-protocol-version'] : req.headers['sec-websocket-protocol']);
  const wanted = spdy ? PORT_FORWARD_PROTOCOL : TUNNEL_PROTOCOL;
  if (!offered.includes(wanted)) {
    throw badRequest(
      `unable to upgrade: no common stream protocol; the server supports ${wanted}, the client offered ${offered.join(', ') || 'none'}`,
    );
  }
  await admitConnect(deps.registry, { subresource: 'portforward', namespace, name, user: deps.user }, portForwardOptions(params));
  const pod = await deps.registry.get<ApiObject>(PODS, namespace, name);
  if (pod.status?.phase !== 'Running') throw badRequest(`pod ${name} is not running (phase ${pod.status?.phase ?? 'Pending'})`);
  const streams = deps.streams;
  if (!pod.spec.nodeName || !streams) throw badRequest(`pod ${name} does not have a host assigned`);
  const dial = (port: number) => streams.portForward(pod, port);
  if (spdy) {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
    );
    servePortForward(socket, head, dial);
    return;
  }
  delete req.headers['sec-websocket-protocol'];
  wss.handleUpgrade(req, socket, head, (ws) => servePortForward(websocketBytes(ws), Buffer.alloc(0), dial));
}

/** The byte stream inside a WebSocket's binary messages, as a Duplex with backpressure both ways. */
export function websocketBytes(ws: WebSocket): Duplex {
  const bytes = new Duplex({
    read: () => ws.isPaused && ws.resume(),
    write: (chunk: Buffer, _encoding, done) => {
      ws.send(chunk, { binary: true }, (err) => err && bytes.destroy(err));
      // Let the writer go on while little is buffered; otherwise wait for the socket to drain.
      if (ws.bufferedAmount < WS_HIGH_WATER) return done();
      const waitForDrain = () => (ws.bufferedAmount < WS_HIGH_WATER || ws.readyState !== ws.OPEN ? done() : setTimeout(waitForDrain, 5));
      waitForDrain();
    },
    final: (done) => {
      ws.close(1000);
      done();
    },
    destroy: (err, done) => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
      done(err);
    },
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary && !bytes.push(data)) ws.pause();
  });
  ws.on('close', () => bytes.push(null));
  ws.on('error', (err) => bytes.destroy(err));
  return bytes;
}
