// `kubectl exec` and `kubectl attach` (1.30+) and @kubernetes/client-node: a WebSocket upgrade on
// pods/x/exec or pods/x/attach with the v5 (or v4) channel protocol. Every message is binary: one channel byte, then payload.
// kubectl 1.27-1.29 (and newer ones falling back) upgrade to SPDY/3.1 instead (spdy/exec-spdy.ts).
// Pod and container are checked before upgrading, so errors reach kubectl as a Status.

import { badRequest, findResource, statusError } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiObject } from '../objects/api-object';
import type { ObjectRegistry } from '../registry/object-registry';
import { admitConnect, streamOptions } from './connect-admission';
import { type ExecChannel, type PodStreams, RESIZE, STDIN } from './pod-streams';
import { handlePortForwardUpgrade } from './port-forward';
import { rejectUpgrade } from './reject-upgrade';
import { acceptSpdyExec, isSpdyUpgrade, negotiateSpdyExec } from './spdy/exec-spdy';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/;
const PODS = findResource('', 'pods')!;
const CLOSE_SIGNAL = 255;

/** What a pod stream needs: the registry, the tunnels to nodes, and who asks (the upgrade's authentication). */
export interface StreamDeps {
  registry: ObjectRegistry;
  streams?: PodStreams;
  authenticated: boolean;
  /** The acting user, for CONNECT admission's userInfo. */
  user?: User;
}

const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false });

/** Every pod stream upgrade (exec, attach, port-forward); false when the request is none of them. */
export function handleExecUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: StreamDeps): boolean {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const match = EXEC_PATH.exec(url.pathname);
  if (!match) return handlePortForwardUpgrade(req, socket, head, deps);
  void upgrade(req, socket, head, url, match, deps).catch((err) => rejectUpgrade(socket, err));
  return true;
}

async function upgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
  match: RegExpExecArray,
  deps: StreamDeps,
): Promise<void> {
  if (!deps.authenticated) throw statusError(401, 'Unauthorized', 'Unauthorized');
  const spdy = isSpdyUpgrade(req);
  if (spdy) negotiateSpdyExec(req);
  const [, namespace, name, action] = match.map(decodeURIComponent) as [string, string, string, 'exec' | 'attach'];
  const asked = streamOptions(action, url.searchParams);
  requireCommand(action, asked.command);
  // A mutating webhook's patch is what runs, so it is checked again.
  const admitted = await admitConnect(deps.registry, { subresource: action, namespace, name, user: deps.user }, asked);
  const command = requireCommand(action, admitted.command);
  const pod = await deps.registry.get<ApiObject>(PODS, namespace, name);
  const names: string[] = (pod.spec.containers ?? []).map((c: { name: string }) => c.name);
  const container = admitted.container || names[0]!;
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  if (!pod.spec.nodeName || !deps.streams) throw badRequest(`pod ${name} does not have a host assigned`);
  const options = { stdin: !!admitted.stdin, stdout: !!admitted.stdout, stderr: !!admitted.stderr, tty: !!admitted.tty };
  const channel =
    action === 'attach'
      ? await deps.streams.attach(pod, { container, stdin: options.stdin, tty: options.tty })
      : await deps.streams.exec(pod, { container, command, stdin: options.stdin, tty: options.tty });
  if (spdy) acceptSpdyExec(socket, head, channel, options);
  else wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, channel));
}

/** exec's command: at least one string (attach takes none). */
function requireCommand(action: 'exec' | 'attach', command: unknown): string[] {
  if (action === 'attach') return [];
  const valid = Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string');
  if (!valid) throw badRequest('you must specify at least 1 command');
  return command;
}

function bridge(ws: WebSocket, channel: ExecChannel): void {
  channel.onFrame((ch, data) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([ch]), data]), { binary: true });
  });
  channel.onEnd(() => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  });
  ws.on('message', (message: Buffer, isBinary) => {
    if (!isBinary || message.length === 0) return;
    const ch = message[0]!;
    if (ch === CLOSE_SIGNAL && message[1] === STDIN) channel.closeStdin();
    else if (ch === STDIN || ch === RESIZE) channel.send(ch, message.subarray(1));
  });
  ws.on('close', () => channel.close());
  ws.on('error', () => channel.close());
}
