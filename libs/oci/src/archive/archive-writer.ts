// `save`: images written as one tar that both formats read, as Docker 25 writes it: an OCI image
// layout (oci-layout, index.json, blobs/sha256/...) whose index names each image, plus the
// `docker save` manifest.json pointing at the same blobs. Blobs are written once however many
// images share them.
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import type { ContentStore } from '../content/content-store';
import { type Descriptor, MEDIA } from '../content/descriptor';
import type { ImageManifest, ImageRecord } from '../images/image-types';

export interface SavedImage {
  record: ImageRecord;
  /** Full names (`127.0.0.1:5000/demo:1`) to record in the archive. */
  names: string[];
}

const blobName = (digest: string) => `blobs/${digest.replace(':', '/')}`;

function json(pack: tar.Pack, name: string, value: unknown): void {
  pack.entry({ name, mode: 0o644 }, `${JSON.stringify(value)}\n`);
}

async function addBlob(pack: tar.Pack, content: ContentStore, digest: string): Promise<void> {
  const size = await content.size(digest);
  const entry = pack.entry({ name: blobName(digest), size, mode: 0o644 });
  await pipeline(createReadStream(content.path(digest)), entry);
}

export async function writeArchive(content: ContentStore, images: SavedImage[], file: string): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(file));
  try {
    json(pack, 'oci-layout', { imageLayoutVersion: '1.0.0' });
    const index: Descriptor[] = [];
    const dockerManifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
    const seen = new Set<string>();
    for (const { record, names } of images) {
      const manifest = await content.readJson<ImageManifest>(record.manifestDigest);
      for (const digest of [record.manifestDigest, manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
        if (seen.has(digest)) continue;
        seen.add(digest);
        await addBlob(pack, content, digest);
      }
      const described = {
        mediaType: record.manifestMediaType || MEDIA.ociManifest,
        digest: record.manifestDigest,
        size: await content.size(record.manifestDigest),
      };
      for (const name of names.length ? names : [undefined]) {
        index.push(
          name
            ? {
                ...described,
                annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name.split(':').pop()! },
              }
            : described,
        );
      }
      dockerManifest.push({
        Config: blobName(manifest.config.digest),
        RepoTags: names,
        Layers: manifest.layers.map((l) => blobName(l.digest)),
      });
    }
    json(pack, 'index.json', { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: index });
    json(pack, 'manifest.json', dockerManifest);
    pack.finalize();
    await written;
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => undefined);
    await fs.rm(file, { force: true });
    throw err;
  }
}
