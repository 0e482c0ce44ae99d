// Hand-made images (hostile layers, wrong diff IDs, multi-platform indexes) written as an OCI
// layout and pushed with skopeo, for the tests that need images umoci would never produce.
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar-stream';
import { promisify } from 'util';

const run = promisify(execFile);
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export type TarEntry = Partial<tar.Header> & { name: string; body?: string };

/** An uncompressed tar of the given entries (tar-stream writes whatever it is told). */
export async function makeTar(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...header } of entries) pack.entry({ type: 'file', mode: 0o644, ...header } as tar.Header, body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

class Layout {
  constructor(readonly dir: string) {}

  async blob(data: Buffer): Promise<{ digest: string; size: number }> {
    const digest = sha(data);
    await fs.writeFile(path.join(this.dir, 'blobs', 'sha256', digest.slice(7)), data);
    return { digest, size: data.length };
  }

  async image(layers: Buffer[], opts: { diffIds?: string[]; arch?: string; cmd?: string[] } = {}) {
    const layerDescs = await Promise.all(
      layers.map(async (l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...(await this.blob(l)) })),
    );
    const config = Buffer.from(
      JSON.stringify({
        architecture: opts.arch ?? 'amd64',
        os: 'linux',
        config: { Cmd: opts.cmd ?? ['sh'] },
        rootfs: { type: 'layers', diff_ids: opts.diffIds ?? layers.map(sha) },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...(await this.blob(config)) },
        layers: layerDescs,
      }),
    );
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...(await this.blob(manifest)) };
  }

  async tag(tag: string, desc: { mediaType: string; digest: string; size: number }): Promise<void> {
    const index = { schemaVersion: 2, manifests: [{ ...desc, annotations: { 'org.opencontainers.image.ref.name': tag } }] };
    await fs.writeFile(path.join(this.dir, 'index.json'), JSON.stringify(index));
  }
}

async function withLayout<T>(fn: (layout: Layout) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'raw-image-'));
  try {
    await fs.mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
    await fs.writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    return await fn(new Layout(dir));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function skopeoPush(layoutDir: string, ref: string, all: boolean): Promise<void> {
  await run('skopeo', ['copy', '--quiet', ...(all ? ['--all'] : []), '--dest-tls-verify=false', `oci:${layoutDir}:t`, `docker://${ref}`], {
    maxBuffer: 16 << 20,
  });
}

/** Pushes a single-platform image made of the given (uncompressed) layer tars. */
export function pushRawImage(
  registry: { host: string },
  name: string,
  layers: Buffer[],
  opts: { diffIds?: string[] } = {},
): Promise<string> {
  return withLayout(async (layout) => {
    await layout.tag('t', await layout.image(layers, opts));
    const ref = `${registry.host}/${name}:1`;
    await skopeoPush(layout.dir, ref, false);
    return ref;
  });
}

/** Pushes an image index with a linux/amd64 and a linux/arm64 image, each with its own /platform file. */
export function pushMultiPlatformImage(registry: { host: string }, name: string): Promise<string> {
  return withLayout(async (layout) => {
    const manifests = [];
    for (const arch of ['amd64', 'arm64']) {
      const desc = await layout.image([await makeTar([{ name: 'platform', body: `linux/${arch}\n` }])], { arch });
      manifests.push({ ...desc, platform: { os: 'linux', architecture: arch, ...(arch === 'arm64' ? { variant: 'v8' } : {}) } });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
    await layout.tag('t', { mediaType: 'application/vnd.oci.image.index.v1+json', ...(await layout.blob(index)) });
    const ref = `${registry.host}/${name}:1`;
    await skopeoPush(layout.dir, ref, true);
    return ref;
  });
}

/** Layers no image may unpack: each tries to write outside the layer or abuse whiteouts. */
export function maliciousLayers(): Promise<{ name: string; tar: Buffer }[]> {
  const cases: [string, TarEntry[]][] = [
    ['path-traversal', [{ name: '../../../../tmp/stevedore-escape', body: 'x' }]],
    ['absolute-path', [{ name: '/tmp/stevedore-escape', body: 'x' }]],
    [
      'symlink-then-write',
      [
        { name: 'etc', type: 'symlink', linkname: '/etc' },
        { name: 'etc/stevedore-escape', body: 'x' },
      ],
    ],
    ['hardlink-to-host', [{ name: 'passwd', type: 'link', linkname: '/etc/passwd' }]],
    [
      'whiteout-dot-dot',
      [
        { name: 'dir/', type: 'directory' },
        { name: 'dir/.wh..', body: '' },
      ],
    ],
  ];
  return Promise.all(cases.map(async ([name, entries]) => ({ name, tar: await makeTar(entries) })));
}
