// Streams (exec, attach, port-forward) leave HTTP by upgrading the connection and answer on the
// socket itself, so their trail watches the socket: the status line of the first bytes written
// gives the code (101 writes ResponseStarted; a refusal's Status body gives the message), the
// socket's close writes ResponseComplete. The Audit-ID header is not sent on these.
import { type IncomingMessage, ServerResponse } from 'http';
import type { Duplex } from 'stream';

/** A response that stands for the socket's answer: the trail reads its code, body and events. */
export function upgradeResponse(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new ServerResponse(req);
  // A connection dropped without any answer was not a stream the server knows.
  res.statusCode = 400;
  let seen = false;
  const observe = (chunk: unknown) => {
    if (seen || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    seen = true;
    const text = Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk);
    const code = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
    if (!code) return;
    res.statusCode = Number(code);
    const bodyAt = text.indexOf('\r\n\r\n');
    if (res.statusCode === 101) res.writeHead(101);
    else if (bodyAt >= 0) {
      res.setHeader('content-type', 'application/json');
      res.end(text.slice(bodyAt + 4));
    }
  };
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const end = socket.end.bind(socket) as (...args: unknown[]) => Duplex;
  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    observe(chunk);
    return write(chunk, ...rest);
  }) as Duplex['write'];
  socket.end = ((chunk?: unknown, ...rest: unknown[]) => {
    observe(chunk);
    return end(chunk, ...rest);
  }) as Duplex['end'];
  socket.once('close', () => res.emit('close'));
  return res;
}
