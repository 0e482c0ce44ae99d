import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar-stream';
import { ImageService } from '../images/image-service';
import { endpointsFor, parseRegistriesConfig } from './registry-hosts';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function layerTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'hello.txt', mode: 0o644 }, 'from the mirror\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A registry on 127.0.0.1 holding library/demo:1 behind Basic auth (puller / s3cret). */
async function protectedRegistry(): Promise<{ host: string; asked: string[]; close(): Promise<void> }> {
  const layer = await layerTar();
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length }],
    }),
  );
  const blobs: Record<string, Buffer> = { [sha(config)]: config, [sha(layer)]: layer };
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.headers.authorization !== `Basic ${Buffer.from('puller:s3cret').toString('base64')}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="mirror"', 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    if (req.url === '/v2/library/demo/manifests/1') {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
      return res.end(manifest);
    }
    const blob = blobs[(req.url ?? '').split('/blobs/')[1] ?? ''];
    res.writeHead(blob ? 200 : 404);
    res.end(blob);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return { host, asked, close: () => new Promise((r) => server.close(() => r())) };
}

describe('registries.yaml', () => {
  it('reads mirrors with their scheme, and credentials from username/password or auth', () => {
    const hosts = parseRegistriesConfig(
      `mirrors:
  docker.io:
    endpoint: ["http://127.0.0.1:5000", "mirror.example"]
configs:
  "mirror.example":
    auth: {auth: ${Buffer.from('u:p').toString('base64')}}
`,
      'registries.yaml',
    );
    expect(endpointsFor(hosts, 'docker.io')).toEqual([
      { host: '127.0.0.1:5000', plainHttp: true },
      { host: 'mirror.example', plainHttp: false },
      { host: 'docker.io', plainHttp: false },
    ]);
    expect(hosts.hosts['mirror.example']?.credentials).toEqual({ username: 'u', password: 'p' });
    expect(endpointsFor(hosts, 'quay.io')).toEqual([{ host: 'quay.io', plainHttp: false }]);
    expect(() => parseRegistriesConfig('mirrors:\n  docker.io:\n    endpoint: ["ftp://x"]\n', 'r.yaml')).toThrow(
      'r.yaml: mirrors.docker.io.endpoint[0]: "ftp://x" must be http or https',
    );
  });

  describe('pulling through a mirror', () => {
    let dir: string;
    let mirror: Awaited<ReturnType<typeof protectedRegistry>>;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mirror-'));
      mirror = await protectedRegistry();
    });
    afterAll(async () => {
      await mirror.close();
      await fs.rm(dir, { recursive: true, force: true });
    });

    // The mirrored registry is a loopback address where nothing listens, so the fallback after a
    // failing mirror never leaves this machine.
    const ORIGIN = '127.0.0.3:9';
    const hostsFor = (mirrorHost: string) => ({ mirrors: { [ORIGIN]: [{ host: mirrorHost, plainHttp: true }] }, hosts: {} });

    it("tags the image by its own name, and a wrong password gives the mirror's error", async () => {
      const images = await ImageService.open({ root: path.join(dir, 'a'), registryHosts: hostsFor(mirror.host), retries: 1 });
      await expect(
        images.pull(`${ORIGIN}/library/demo:1`, undefined, { credentials: { [mirror.host]: { username: 'puller', password: 'wrong' } } }),
      ).rejects.toThrow(/authentication required/);
      const credentials = { [mirror.host]: { username: 'puller', password: 's3cret' } };
      const record = await images.pull(`${ORIGIN}/library/demo:1`, undefined, { credentials });
      expect(images.resolve(`${ORIGIN}/library/demo:1`).id).toBe(record.id);
      expect(mirror.asked).toContain('/v2/library/demo/manifests/1');
    });
  });
});
