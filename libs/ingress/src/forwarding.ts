// The request and response headers as they cross the proxy: hop-by-hop headers (RFC 9110
// section 7.6.1) stay on their own connection, and the backend learns who asked and how through
// X-Forwarded-For (the client appended to any earlier hops), -Proto, -Host, -Port and X-Real-IP,
// the set ingress-nginx sends.
import type * as http from 'http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

export function forwardedHeaders(req: http.IncomingMessage, scheme: 'http' | 'https'): http.OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  const client = req.socket.remoteAddress ?? '';
  const earlier = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = earlier ? `${earlier}, ${client}` : client;
  headers['x-forwarded-proto'] = scheme;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-real-ip'] = client;
  return headers;
}

/** An upgrade request's head as it goes to the backend: the Connection and Upgrade headers kept. */
export function upgradeHead(req: http.IncomingMessage, scheme: 'http' | 'https'): string {
  const headers = forwardedHeaders(req, scheme);
  headers.connection = 'Upgrade';
  if (req.headers.upgrade) headers.upgrade = req.headers.upgrade;
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
