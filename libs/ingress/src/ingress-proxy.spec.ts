import { execFileSync } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { IngressProxy } from './ingress-proxy';
import type { Route } from './route-table';

const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => log } as never;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A backend that answers with its name and the headers it got; upgrades get a 101 and an echo. */
async function backend(name: string): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name, url: req.url, method: req.method, body, headers: req.headers }));
    });
  });
  server.on('upgrade', (_req, socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

function selfSigned(host: string): { certPem: string; keyPem: string } {
  const out = execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      '-',
      '-out',
      '-',
      '-days',
      '1',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=DNS:${host}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
  return {
    keyPem: out.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/)![0],
    certPem: out.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/)![0],
  };
}

function get(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('ingress proxy', () => {
  const servers: http.Server[] = [];
  const proxy = new IngressProxy(log);
  let httpPort = 0;
  let httpsPort = 0;
  const certA = selfSigned('a.example.com');
  const certB = selfSigned('b.example.com');

  beforeAll(async () => {
    const [a1, a2, b] = await Promise.all([backend('a1'), backend('a2'), backend('b')]);
    servers.push(a1.server, a2.server, b.server);
    const base = { ingress: 'default/site', created: '2026-01-01T00:00:00Z', backendFound: true };
    const routes: Route[] = [
      {
        ...base,
        host: 'a.example.com',
        path: '/',
        pathType: 'Prefix',
        backend: 'default/a:80',
        endpoints: [
          { ip: '127.0.0.1', port: a1.port },
          { ip: '127.0.0.1', port: a2.port },
        ],
      },
      {
        ...base,
        host: 'b.example.com',
        path: '/only',
        pathType: 'Exact',
        backend: 'default/b:80',
        endpoints: [{ ip: '127.0.0.1', port: b.port }],
      },
      { ...base, host: 'b.example.com', path: '/empty', pathType: 'Prefix', backend: 'default/empty:80', endpoints: [] },
      { ...base, host: 'b.example.com', path: '/gone', pathType: 'Prefix', backend: 'default/gone:80', backendFound: false, endpoints: [] },
    ];
    routes.push({
      ...base,
      host: 'c.example.com',
      path: '/',
      pathType: 'Prefix',
      backend: 'default/c:80',
      endpoints: [{ ip: '127.0.0.1', port: await freePort() }],
    });
    proxy.update(routes, [
      { secret: 'default/a', hosts: ['a.example.com'], ...certA },
      { secret: 'default/b', hosts: ['b.example.com'], ...certB },
    ]);
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    await proxy.listen({ address: '127.0.0.1', httpPort, httpsPort });
  });

  afterAll(async () => {
    await proxy.stop();
    for (const s of servers) s.close();
  });

  it('routes by host and path, round-robin over the endpoints, with forwarding headers', async () => {
    const first = JSON.parse((await get(httpPort, 'a.example.com', '/x?y=1')).body);
    const second = JSON.parse((await get(httpPort, 'a.example.com', '/x')).body);
    expect([first.name, second.name].sort()).toEqual(['a1', 'a2']);
    expect(first.url).toBe('/x?y=1');
    expect(first.headers).toMatchObject({
      host: 'a.example.com',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'a.example.com',
    });
    expect(JSON.parse((await get(httpPort, 'b.example.com', '/only')).body).name).toBe('b');
  });

  it('answers 404 without a matching rule and 503 without endpoints or Service', async () => {
    expect(await get(httpPort, 'b.example.com', '/only/more')).toEqual({ status: 404, body: '404 Not Found\n' });
    expect(await get(httpPort, 'd.example.com', '/')).toMatchObject({ status: 404 });
    expect(await get(httpPort, 'b.example.com', '/empty')).toEqual({ status: 503, body: '503 Service Temporarily Unavailable\n' });
    expect(await get(httpPort, 'b.example.com', '/gone/x')).toMatchObject({ status: 503 });
  });

  it('passes request bodies through, and answers 502 when the endpoint refuses', async () => {
    const posted = await new Promise<{ method: string; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: httpPort, path: '/form', method: 'POST', headers: { host: 'a.example.com' } },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      req.on('error', reject);
      req.end('name=value');
    });
    expect(posted).toMatchObject({ method: 'POST', body: 'name=value' });
    expect(await get(httpPort, 'c.example.com', '/')).toEqual({ status: 502, body: '502 Bad Gateway\n' });
  });

  it('presents the certificate of the SNI name and proxies over HTTPS', async () => {
    for (const [host, cert] of [
      ['a.example.com', certA],
      ['b.example.com', certB],
    ] as const) {
      const got = await new Promise<{ body: string; peer: string }>((resolve, reject) => {
        const options = {
          host: '127.0.0.1',
          port: httpsPort,
          path: '/only',
          servername: host,
          headers: { host },
          ca: cert.certPem,
          agent: false,
        };
        const req = https.get(options, (res) => {
          const peer = String((res.socket as import('tls').TLSSocket).getPeerCertificate().subject.CN);
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ body, peer }));
        });
        req.on('error', reject);
      });
      expect(got.peer).toBe(host);
      if (host === 'b.example.com') expect(JSON.parse(got.body).headers['x-forwarded-proto']).toBe('https');
    }
  });

  it('passes an upgrade through and then relays bytes both ways', async () => {
    const socket = net.connect(httpPort, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d));
    socket.write('GET /ws HTTP/1.1\r\nHost: a.example.com\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n');
    await until(() => received.includes('\r\n\r\n'));
    expect(received).toMatch(/^HTTP\/1\.1 101 Switching Protocols/);
    socket.write('ping');
    await until(() => received.endsWith('ping'));
    socket.destroy();
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('timed out');
}
