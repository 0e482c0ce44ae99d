// What an event records of the HTTP exchange itself: where the request came from and its bodies.
import { decodeBody } from '@stevedore/apiserver';
import type { IncomingMessage } from 'http';

/** X-Forwarded-For's addresses, then X-Real-Ip, then the peer's, without repeats (as kube-apiserver lists them). */
export function sourceIPs(req: IncomingMessage): string[] {
  const header = (name: string) => {
    const v = req.headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').map((s) => s.trim());
  };
  const peer = (req.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
  return [...new Set([...header('x-forwarded-for'), ...header('x-real-ip'), peer].filter(Boolean))];
}

/** A JSON, YAML or protobuf body as an object; undefined when absent or not decodable (a log's text). */
export function parseBody(body: Buffer | undefined, contentType: string | undefined): unknown {
  if (!body?.length) return undefined;
  try {
    return decodeBody(body, contentType);
  } catch {
    // Not an object (plain text, a truncated stream): the event simply has no body.
    return undefined;
  }
}
