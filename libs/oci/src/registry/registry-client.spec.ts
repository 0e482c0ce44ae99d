import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { parseReference } from '../reference/reference';
import { MAX_MANIFEST_BYTES, RegistryClient } from './registry-client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A scripted registry on 127.0.0.1: each test says how it answers. */
async function fakeRegistry(handler: Handler): Promise<{ host: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const manifestBody = Buffer.from(
  JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] }),
);
const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

describe('RegistryClient against scripted registries', () => {
  let reg: Awaited<ReturnType<typeof fakeRegistry>> | undefined;
  afterEach(async () => {
    await reg?.close();
    reg = undefined;
  });

  it('follows a Bearer challenge: gets a token from the realm and retries once with it', async () => {
    reg = await fakeRegistry((req, res) => {
      if (req.url?.startsWith('/token')) {
        expect(req.url).toContain('scope=repository%3Aapp%3Apull');
        return json(res, 200, { token: 'T1' });
      }
      if (req.headers.authorization !== 'Bearer T1') {
        return json(
          res,
          401,
          { errors: [{ code: 'UNAUTHORIZED' }] },
          { 'WWW-Authenticate': `Bearer realm="http://${req.headers.host}/token",service="reg",scope="repository:app:pull"` },
        );
      }
      json(res, 200, manifestBody.toString());
    });
    const client = new RegistryClient();
    const m = await client.manifest(parseReference(`${reg.host}/app:1`), '1');
    expect(m.digest).toBe(digestOf(manifestBody));
    expect(reg.requests.map((r) => r.replace(/\?.*? auth/, ' auth'))).toEqual([
      'GET /v2/app/manifests/1 auth=',
      'GET /token auth=',
      'GET /v2/app/manifests/1 auth=Bearer T1',
    ]);
  });

  it('maps registry error codes to clear messages', async () => {
    reg = await fakeRegistry((req, res) => {
      if (req.url?.includes('/missing/')) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      if (req.url?.includes('/denied/')) return json(res, 403, { errors: [{ code: 'DENIED', message: 'no' }] });
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html>not here</html>');
    });
    const client = new RegistryClient();
    await expect(client.manifest(parseReference(`${reg.host}/missing:1`), '1')).rejects.toThrow(
      `image not found: ${reg.host}/missing:1: manifest unknown`,
    );
    await expect(client.manifest(parseReference(`${reg.host}/denied:1`), '1')).rejects.toThrow(/access denied/);
    await expect(client.manifest(parseReference(`${reg.host}/html:1`), '1')).rejects.toThrow(/image not found/);
  });

  it('retries 429 after Retry-After and 5xx with backoff, then succeeds', async () => {
    let calls = 0;
    reg = await fakeRegistry((_req, res) => {
      calls++;
      if (calls === 1) return json(res, 429, { errors: [{ code: 'TOOMANYREQUESTS' }] }, { 'Retry-After': '0' });
      if (calls === 2) return json(res, 503, 'busy');
      json(res, 200, manifestBody.toString());
    });
    const m = await new RegistryClient({ retries: 3 }).manifest(parseReference(`${reg.host}/app:1`), '1');
    expect(m.digest).toBe(digestOf(manifestBody));
    expect(calls).toBe(3);
  });

  it('computes digests itself: a lying Docker-Content-Digest is ignored, a wrong body for a digest is refused', async () => {
    reg = await fakeRegistry((_req, res) =>
      json(res, 200, manifestBody.toString(), { 'Docker-Content-Digest': 'sha256:' + '0'.repeat(64) }),
    );
    const client = new RegistryClient();
    expect((await client.manifest(parseReference(`${reg.host}/app:1`), '1')).digest).toBe(digestOf(manifestBody));
    await expect(client.manifest(parseReference(`${reg.host}/app:1`), 'sha256:' + 'a'.repeat(64))).rejects.toThrow(/hashes to .*; refused/);
  });

  it('refuses a manifest larger than 4 MiB after reading just past the limit', async () => {
    reg = await fakeRegistry((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(Buffer.alloc(MAX_MANIFEST_BYTES + 10, 32));
    });
    await expect(new RegistryClient().manifest(parseReference(`${reg.host}/app:1`), '1')).rejects.toThrow(
      /larger than 4194304 bytes; refused/,
    );
  });

  it('uses plain HTTP only for loopback and listed insecure registries', () => {
    const client = new RegistryClient({ insecureRegistries: ['198.18.0.2:5000'] });
    const base = (ref: string) => (client as unknown as { base(r: unknown): string }).base(parseReference(ref));
    expect(base('localhost:5000/a')).toMatch(/^http:/);
    expect(base('127.0.0.1:5000/a')).toMatch(/^http:/);
    expect(base('198.18.0.2:5000/a')).toMatch(/^http:/);
    expect(base('registry.example.com/a')).toMatch(/^https:/);
    expect(base('busybox')).toBe('https://registry-1.docker.io/v2/library/busybox');
  });
});
