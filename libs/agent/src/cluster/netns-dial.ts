// Opens a TCP connection to localhost inside a pod's network namespace, as the kubelet's
// port-forward does. Node cannot enter a namespace itself, so a bare Node process is started
// inside it (`nsenter --net`), connects, and hands the connected socket back over its IPC
// channel (SCM_RIGHTS underneath). From then on the bytes flow between the agent and the pod's
// socket directly, with no process copying them, which is what a 100 MB copy needs.
import { spawn } from 'child_process';
import type { Socket } from 'net';

const NSENTER = '/usr/bin/nsenter';
const DIAL_TIMEOUT_MS = 10_000;

// Plain JavaScript for `node -e`: tries 127.0.0.1 then ::1, as containerd does, and sends the
// socket paused so that no byte the pod sends first is read here and lost.
const HELPER_SOURCE = `
const net = require('net');
const port = Number(process.argv[1]);
const dial = (host) => new Promise((resolve, reject) => {
  const socket = net.connect({ host, port });
  socket.pause();
  socket.once('connect', () => resolve(socket));
  socket.once('error', reject);
});
const reason = (err) => ({ ECONNREFUSED: 'connection refused', ETIMEDOUT: 'connection timed out', EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable', EADDRNOTAVAIL: 'cannot assign requested address' })[err.code] || err.message;
dial('127.0.0.1').catch((v4) => dial('::1').catch((v6) => {
  throw new Error('IPv4: dial tcp4 127.0.0.1:' + port + ': connect: ' + reason(v4) + ' IPv6 dial tcp6 [::1]:' + port + ': connect: ' + reason(v6));
})).then(
  (socket) => process.send({ ok: true }, socket, () => process.disconnect()),
  (err) => process.send({ error: err.message }, () => process.disconnect()),
);
`;

/** A connected socket to localhost:port in the network namespace of process `pid`, or an error saying why not. */
export function dialInNetns(pid: number, port: number): Promise<Socket> {
  const netns = `/proc/${pid}/ns/net`;
  return new Promise((resolve, reject) => {
    const child = spawn(NSENTER, [`--net=${netns}`, process.execPath, '-e', HELPER_SOURCE, String(port)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stderr = '';
    let settled = false;
    const settle = (err: Error | undefined, socket?: Socket) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.connected) child.disconnect();
      if (err) reject(err);
      else resolve(socket!);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new Error(`no connection to localhost:${port} within ${DIAL_TIMEOUT_MS / 1000}s`));
    }, DIAL_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('message', (message: { ok?: boolean; error?: string }, socket?: Socket) => {
      if (message.ok && socket) settle(undefined, socket);
      else
        settle(new Error(`failed to connect to localhost:${port} inside namespace "${netns}", ${message.error ?? 'no socket came back'}`));
    });
    child.on('error', (err) => settle(new Error(`cannot enter the pod's network namespace: ${err.message}`)));
    // The helper exits as soon as it has sent the socket, and its exit can be reported before the
    // message that carries the socket: only a helper whose channel has closed without one failed.
    child.on('exit', (code) => {
      const fail = () =>
        setImmediate(() => settle(new Error(`cannot enter the pod's network namespace: ${stderr.trim() || `exit code ${code}`}`)));
      if (child.connected) child.once('disconnect', fail);
      else fail();
    });
  });
}
