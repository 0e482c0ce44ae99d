// Commit: a container's writable layer becomes a new top layer of a new image. The layer is
// packed from the overlay upper dir (deletions as whiteouts), gzipped, stored by digest and
// unpacked as a snapshot at once, so the new image runs without a pull. A build step that only
// changes the config (ENV, CMD…) makes an image with the same layers and an empty-layer history entry.
import { createReadStream } from 'fs';
import { createGzip } from 'zlib';
import type { ContentStore } from '../content/content-store';
import { type Descriptor, MEDIA } from '../content/descriptor';
import { packUpperDir } from '../layers/pack';
import { unpackLayer } from '../layers/unpack';
import { SnapshotStore } from '../snapshots/snapshot-store';
import type { ContainerConfig, ImageConfig, ImageManifest, ImageRecord } from './image-types';
import { hostPlatform } from './platform';

export interface CommitOptions {
  /** The writable layer to pack; absent = no new layer (a config-only step). */
  upperDir?: string;
  parent: ImageRecord;
  author?: string;
  message?: string;
  /** Overrides of the runnable config (Docker's --change). */
  changes?: Partial<ContainerConfig>;
  /** The whole runnable config, replacing the parent's (a build step); wins over `changes`. */
  config?: ContainerConfig;
  createdBy?: string;
}

/** The parent of an image built `FROM scratch`: no layers, an empty config for this host. */
export function scratchImage(): ImageRecord {
  const { os, architecture } = hostPlatform();
  return {
    id: '',
    manifestDigest: '',
    manifestMediaType: MEDIA.ociManifest,
    repoDigests: [],
    layers: [],
    diffIds: [],
    chainIds: [],
    layerSizes: [],
    config: { architecture, os, config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] },
  };
}

async function packLayer(content: ContentStore, snapshots: SnapshotStore, upperDir: string, parent: ImageRecord) {
  const packed = packUpperDir(upperDir);
  const blob = await content.putStream(packed.stream.pipe(createGzip()));
  const { diffId } = await packed.done;
  const chainId = SnapshotStore.chainId([...parent.diffIds, diffId]);
  let size = 0;
  await snapshots.prepare(chainId, async (dir) => {
    size = (await unpackLayer(createReadStream(content.path(blob.digest)), dir, { mediaType: MEDIA.ociLayerGzip, expectedDiffId: diffId }))
      .size;
  });
  const layer: Descriptor = { mediaType: MEDIA.ociLayerGzip, digest: blob.digest, size: blob.size };
  return { layer, diffId, chainId, size };
}

export async function commitLayer(content: ContentStore, snapshots: SnapshotStore, opts: CommitOptions): Promise<ImageRecord> {
  const parent = opts.parent;
  const added = opts.upperDir ? await packLayer(content, snapshots, opts.upperDir, parent) : undefined;
  const diffIds = added ? [...parent.diffIds, added.diffId] : parent.diffIds;
  const now = new Date().toISOString();
  const config: ImageConfig = {
    ...parent.config,
    created: now,
    ...(opts.author ? { author: opts.author } : {}),
    config: opts.config ?? { ...parent.config.config, ...opts.changes },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      ...(parent.config.history ?? []),
      {
        created: now,
        created_by: opts.createdBy ?? 'stevedore commit',
        ...(opts.message ? { comment: opts.message } : {}),
        ...(opts.author ? { author: opts.author } : {}),
        ...(added ? {} : { empty_layer: true }),
      },
    ],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = await content.put(configBytes);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: { mediaType: MEDIA.ociConfig, digest: configDigest, size: configBytes.length },
    // Layers keep their digests and media types: the same blobs, pushed or mounted as they are.
    layers: added ? [...parent.layers, added.layer] : parent.layers,
  };
  const manifestDigest = await content.put(Buffer.from(JSON.stringify(manifest)));
  return {
    id: configDigest,
    manifestDigest,
    manifestMediaType: MEDIA.ociManifest,
    repoDigests: [],
    // The parent's layers can be mounted from where the parent came from when this image is pushed.
    mountFrom: [...new Set([...(parent.mountFrom ?? []), ...parent.repoDigests.map((r) => r.split('@')[0]!)])],
    layers: manifest.layers,
    diffIds,
    chainIds: added ? [...parent.chainIds, added.chainId] : parent.chainIds,
    layerSizes: added ? [...parent.layerSizes, added.size] : parent.layerSizes,
    created: now,
    config,
  };
}
