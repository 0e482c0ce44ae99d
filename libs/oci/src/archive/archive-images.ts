// The images an extracted archive holds, each as the manifest a registry would serve and a way
// to read its blobs, so loading reuses the pull pipeline (verification, unpacking, records).
// An OCI layout names its blobs by digest; `docker save`'s manifest.json names files, so their
// manifest is made here from the files' digests (the IMAGE ID, the config's digest, is the same
// either way).
import { createHash } from 'crypto';
import { createReadStream, promises as fs } from 'fs';
import type { Readable } from 'stream';
import { type Descriptor, DIGEST_RE, MEDIA } from '../content/descriptor';
import type { ImageIndex, ImageManifest } from '../images/image-types';
import { hostPlatform, selectPlatform } from '../images/platform';
import type { FetchedManifest } from '../registry/registry-client';
import { type ArchiveFiles, InvalidArchiveError } from './archive-files';

export interface ArchiveImage {
  manifest: FetchedManifest;
  /** Names to tag it with (`busybox:1`), from the archive's own records. */
  tags: string[];
  blob(digest: string): Readable;
}

interface DockerEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';
const blobName = (digest: string) => `blobs/${digest.replace(':', '/')}`;

async function sha256Of(file: string): Promise<{ digest: string; size: number; gzip: boolean }> {
  const hash = createHash('sha256');
  let size = 0;
  let head: Buffer | undefined;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    head ??= chunk.subarray(0, 2);
    hash.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size, gzip: head?.[0] === 0x1f && head[1] === 0x8b };
}

function fetched(bytes: Buffer, mediaType: string): FetchedManifest {
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType, bytes };
}

/** A tag only when the annotation is a full name (`busybox:1`), not a bare `latest`. */
function tagFrom(descriptor: Descriptor): string[] {
  const name = descriptor.annotations?.[CONTAINERD_NAME] ?? descriptor.annotations?.[REF_NAME];
  return name && /[:/@]/.test(name) ? [name] : [];
}

async function ociImages(files: ArchiveFiles, dockerTags: Map<string, string[]>): Promise<ArchiveImage[]> {
  const index = await files.readJson<ImageIndex>('index.json');
  const blob = (digest: string) => {
    if (!DIGEST_RE.test(digest)) throw new InvalidArchiveError(`malformed digest "${digest}" in the archive`);
    return createReadStream(files.path(blobName(digest)));
  };
  const images: ArchiveImage[] = [];
  for (const entry of index.manifests ?? []) {
    let descriptor = entry;
    if (entry.mediaType === MEDIA.ociIndex || entry.mediaType === MEDIA.dockerList) {
      const nested = await files.readJson<ImageIndex>(blobName(entry.digest));
      descriptor = selectPlatform(nested.manifests, hostPlatform());
    }
    const bytes = await fs.readFile(files.path(blobName(descriptor.digest)));
    const manifest = fetched(bytes, descriptor.mediaType);
    if (manifest.digest !== descriptor.digest) throw new InvalidArchiveError(`manifest ${descriptor.digest} does not match its content`);
    const config = (JSON.parse(bytes.toString('utf8')) as ImageManifest).config.digest;
    const tags = [...new Set([...tagFrom(entry), ...(dockerTags.get(config) ?? [])])];
    images.push({ manifest, tags, blob });
  }
  return images;
}

async function dockerImage(files: ArchiveFiles, entry: DockerEntry): Promise<ArchiveImage> {
  const byDigest = new Map<string, string>();
  const describe = async (name: string, mediaType: (gzip: boolean) => string): Promise<Descriptor> => {
    const { digest, size, gzip } = await sha256Of(files.path(name));
    byDigest.set(digest, name);
    return { mediaType: mediaType(gzip), digest, size };
  };
  const config = await describe(entry.Config, () => MEDIA.ociConfig);
  const layers: Descriptor[] = [];
  for (const layer of entry.Layers) layers.push(await describe(layer, (gzip) => (gzip ? MEDIA.ociLayerGzip : MEDIA.ociLayer)));
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA.ociManifest, config, layers };
  return {
    manifest: fetched(Buffer.from(JSON.stringify(manifest)), MEDIA.ociManifest),
    tags: entry.RepoTags ?? [],
    blob: (digest) => createReadStream(files.path(byDigest.get(digest) ?? '')),
  };
}

/** Config digest → RepoTags, from a `docker save` manifest.json. */
async function dockerTagsByConfig(files: ArchiveFiles, entries: DockerEntry[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  for (const entry of entries) tags.set((await sha256Of(files.path(entry.Config))).digest, entry.RepoTags ?? []);
  return tags;
}

export async function archiveImages(files: ArchiveFiles): Promise<ArchiveImage[]> {
  const docker = files.has('manifest.json') ? await files.readJson<DockerEntry[]>('manifest.json') : undefined;
  if (docker && !Array.isArray(docker)) throw new InvalidArchiveError('manifest.json in the archive is not a docker save manifest');
  let images: ArchiveImage[];
  if (files.has('index.json')) images = await ociImages(files, docker ? await dockerTagsByConfig(files, docker) : new Map());
  else if (docker) images = await Promise.all(docker.map((entry) => dockerImage(files, entry)));
  else throw new InvalidArchiveError('the archive is neither a docker save archive (manifest.json) nor an OCI image layout (index.json)');
  if (!images.length) throw new InvalidArchiveError('the archive holds no image');
  return images;
}
