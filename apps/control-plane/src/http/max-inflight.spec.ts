import express from 'express';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { InflightLimiter, isLongRunning } from './max-inflight';

/** A server whose handlers wait until the test opens the gate, so requests pile up in flight. */
async function gatedServer(limits: { readonly: number; mutating: number }) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const app = express();
  app.use(new InflightLimiter(limits).middleware());
  app.all('/{*path}', (_req, res) => void gate.then(() => res.send('ok')));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const request = (method: string, path: string) =>
    new Promise<{ code: number; retryAfter?: string; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ code: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body }));
      });
      req.on('error', reject);
      req.end();
    });
  return { open, request, close: () => new Promise((r) => server.close(r)) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('InflightLimiter', () => {
  it('answers 429 with Retry-After beyond the limit, counting reads and writes apart, and frees slots when requests end', async () => {
    const server = await gatedServer({ readonly: 2, mutating: 1 });
    try {
      const held = [
        server.request('GET', '/api/v1/pods'),
        server.request('GET', '/api/v1/nodes'),
        server.request('POST', '/api/v1/namespaces/default/pods'),
      ];
      await settle();
      const refused = await server.request('GET', '/api/v1/pods');
      expect(refused.code).toBe(429);
      expect(refused.retryAfter).toBe('1');
      expect(JSON.parse(refused.body)).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 1 },
      });
      expect((await server.request('DELETE', '/api/v1/namespaces/default/pods/x')).code).toBe(429);
      // Watches are long-running and never take a slot.
      const watch = server.request('GET', '/api/v1/pods?watch=true');
      // Health probes are never turned away, however busy the server.
      const probe = server.request('GET', '/readyz?verbose');
      await settle();
      server.open();
      expect((await Promise.all([...held, watch, probe])).map((r) => r.code)).toEqual([200, 200, 200, 200, 200]);
      expect((await server.request('GET', '/api/v1/pods')).code).toBe(200);
    } finally {
      server.open();
      await server.close();
    }
  });

  it('treats watches, follows and streams as long-running', () => {
    const lr = (method: string, originalUrl: string) => isLongRunning({ method, originalUrl });
    expect(lr('GET', '/api/v1/namespaces/d/pods?watch=1')).toBe(true);
    expect(lr('GET', '/api/v1/watch/pods')).toBe(true);
    expect(lr('GET', '/api/v1/namespaces/d/pods/p/log?follow=true')).toBe(true);
    expect(lr('POST', '/api/v1/namespaces/d/pods/p/exec?command=ls')).toBe(true);
    expect(lr('GET', '/api/v1/namespaces/d/pods/p/log')).toBe(false);
    expect(lr('GET', '/api/v1/namespaces/d/pods')).toBe(false);
  });
});
