// An upgrade (exec, attach, port-forward) refused before the 101: the error as a Status, which
// kubectl prints as `error: unable to upgrade connection: <message>`.
import { StatusError, statusError } from '@stevedore/api';
import type { Duplex } from 'stream';

export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const status = err instanceof StatusError ? err.status : statusError(500, 'InternalError', (err as Error).message).status;
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${status.reason || 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The protocols a client offers in a comma-separated header (`X-Stream-Protocol-Version`, `Sec-WebSocket-Protocol`). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  return (Array.isArray(header) ? header.join(',') : String(header ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}
