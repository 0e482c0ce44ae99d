// The pull pipeline: resolve the reference to one manifest, fetch only the blobs we lack
// (a few at a time), verify them, unpack each layer once under its chain ID, record the image.
import { createReadStream } from 'fs';
import type { ContentStore } from '../content/content-store';
import { type Descriptor, MEDIA } from '../content/descriptor';
import { unpackLayer } from '../layers/unpack';
import { canonical, type Reference } from '../reference/reference';
import type { RegistryClient } from '../registry/registry-client';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import { SnapshotStore as Snapshots } from '../snapshots/snapshot-store';
import type { ImageConfig, ImageIndex, ImageManifest, ImageRecord, PullProgress } from './image-types';
import { hostPlatform, type Platform, selectPlatform } from './platform';

/** Where manifests and blobs come from: a registry, or an image archive being loaded. */
export type ImageSource = Pick<RegistryClient, 'manifest' | 'blob'>;

export interface PullDeps {
  registry: ImageSource;
  content: ContentStore;
  snapshots: SnapshotStore;
  concurrency: number;
  existing: (id: string) => ImageRecord | undefined;
}

const LAYER_TYPES = new Set<string>([MEDIA.ociLayer, MEDIA.ociLayerGzip, MEDIA.dockerLayerGzip]);
const short = (digest: string) => digest.slice(7, 19);

async function resolveManifest(deps: PullDeps, ref: Reference, platform: Platform) {
  let fetched = await deps.registry.manifest(ref, ref.digest ?? ref.tag ?? 'latest');
  if (fetched.mediaType === MEDIA.dockerSchema1 || fetched.mediaType.includes('prettyjws')) {
    throw new Error(
      `${canonical(ref)} uses the Docker schema 1 manifest format, which is not supported; push it again with a current client`,
    );
  }
  if (fetched.mediaType === MEDIA.ociIndex || fetched.mediaType === MEDIA.dockerList) {
    const index = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
    const chosen = selectPlatform(index.manifests, platform);
    fetched = await deps.registry.manifest(ref, chosen.digest);
  }
  if (fetched.mediaType !== MEDIA.ociManifest && fetched.mediaType !== MEDIA.dockerManifest) {
    throw new Error(`unsupported manifest media type "${fetched.mediaType}" for ${canonical(ref)}`);
  }
  return fetched;
}

/** Runs tasks with at most `limit` in flight. */
async function limited<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}

export async function pullImage(
  deps: PullDeps,
  ref: Reference,
  onProgress: (p: PullProgress) => void = () => undefined,
  platform = hostPlatform(),
): Promise<ImageRecord> {
  onProgress({ id: canonical(ref), status: 'Resolving' });
  const fetched = await resolveManifest(deps, ref, platform);
  const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest;
  for (const layer of manifest.layers) {
    if (layer.urls?.length)
      throw new Error(`layer ${short(layer.digest)} is a foreign layer (it names external URLs); refusing to fetch it`);
    if (!LAYER_TYPES.has(layer.mediaType)) throw new Error(`layer ${short(layer.digest)} has unsupported media type "${layer.mediaType}"`);
  }
  const known = deps.existing(manifest.config.digest);
  if (known && (await Promise.all(known.chainIds.map((c) => deps.snapshots.has(c)))).every(Boolean)) {
    for (const layer of manifest.layers) onProgress({ id: short(layer.digest), status: 'Already exists' });
    return { ...known, repoDigests: [...new Set([...known.repoDigests, `${ref.registry}/${ref.repository}@${fetched.digest}`])] };
  }
  await deps.content.ingest(manifest.config, () => deps.registry.blob(ref, manifest.config));
  const config = await deps.content.readJson<ImageConfig>(manifest.config.digest);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new Error(`image config lists ${diffIds.length} diff IDs for ${manifest.layers.length} layers; the image is corrupt`);
  }
  const chainIds = diffIds.map((_, i) => Snapshots.chainId(diffIds.slice(0, i + 1)));
  const layerSizes: number[] = new Array(manifest.layers.length).fill(0);
  await limited(manifest.layers, deps.concurrency, async (layer, i) => {
    layerSizes[i] = await fetchLayer(deps, ref, layer, diffIds[i]!, chainIds[i]!, onProgress);
  });
  await deps.content.put(fetched.bytes);
  return {
    id: manifest.config.digest,
    manifestDigest: fetched.digest,
    manifestMediaType: fetched.mediaType,
    repoDigests: [`${ref.registry}/${ref.repository}@${fetched.digest}`],
    layers: manifest.layers,
    diffIds,
    chainIds,
    layerSizes,
    created: config.created,
    config,
  };
}

async function fetchLayer(
  deps: PullDeps,
  ref: Reference,
  layer: Descriptor,
  diffId: string,
  chainId: string,
  onProgress: (p: PullProgress) => void,
): Promise<number> {
  const id = short(layer.digest);
  if (await deps.snapshots.has(chainId)) {
    onProgress({ id, status: 'Already exists' });
    return deps.snapshots.size(chainId);
  }
  onProgress({ id, status: 'Pulling fs layer', current: 0, total: layer.size });
  await deps.content.ingest(layer, async () => {
    const body = await deps.registry.blob(ref, layer);
    let current = 0;
    body.on('data', (chunk: Buffer) => {
      current += chunk.length;
      onProgress({ id, status: 'Downloading', current, total: layer.size });
    });
    return body;
  });
  onProgress({ id, status: 'Extracting', current: 0, total: layer.size });
  let size = 0;
  await deps.snapshots.prepare(chainId, async (dir) => {
    size = (
      await unpackLayer(createReadStream(deps.content.path(layer.digest)), dir, { mediaType: layer.mediaType, expectedDiffId: diffId })
    ).size;
  });
  onProgress({ id, status: 'Pull complete', current: layer.size, total: layer.size });
  return size || deps.snapshots.size(chainId);
}
