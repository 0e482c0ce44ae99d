// Commit: a container's writable layer becomes a new top layer of a new image. The layer is
// packed from the overlay upper dir (deletions as whiteouts), gzipped, stored by digest and
// unpacked as a snapshot at once, so the new image runs without a pull.
import { createReadStream } from 'fs';
import { createGzip } from 'zlib';
import type { ContentStore } from '../content/content-store';
import { MEDIA } from '../content/descriptor';
import { packUpperDir } from '../layers/pack';
import { unpackLayer } from '../layers/unpack';
import { SnapshotStore } from '../snapshots/snapshot-store';
import type { ContainerConfig, ImageConfig, ImageManifest, ImageRecord } from './image-types';

export interface CommitOptions {
  upperDir: string;
  parent: ImageRecord;
  author?: string;
  message?: string;
  /** Overrides of the runnable config (Docker's --change). */
  changes?: Partial<ContainerConfig>;
  createdBy?: string;
}

export async function commitLayer(content: ContentStore, snapshots: SnapshotStore, opts: CommitOptions): Promise<ImageRecord> {
  const packed = packUpperDir(opts.upperDir);
  const blob = await content.putStream(packed.stream.pipe(createGzip()));
  const { diffId } = await packed.done;
  const parent = opts.parent;
  const diffIds = [...parent.diffIds, diffId];
  const chainId = SnapshotStore.chainId(diffIds);
  let size = 0;
  await snapshots.prepare(chainId, async (dir) => {
    size = (await unpackLayer(createReadStream(content.path(blob.digest)), dir, { mediaType: MEDIA.ociLayerGzip, expectedDiffId: diffId }))
      .size;
  });
  const now = new Date().toISOString();
  const config: ImageConfig = {
    ...parent.config,
    created: now,
    ...(opts.author ? { author: opts.author } : {}),
    config: { ...parent.config.config, ...opts.changes },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      ...(parent.config.history ?? []),
      {
        created: now,
        created_by: opts.createdBy ?? 'stevedore commit',
        ...(opts.message ? { comment: opts.message } : {}),
        ...(opts.author ? { author: opts.author } : {}),
      },
    ],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = await content.put(configBytes);
  const layer = { mediaType: MEDIA.ociLayerGzip, digest: blob.digest, size: blob.size };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: { mediaType: MEDIA.ociConfig, digest: configDigest, size: configBytes.length },
    // Layers keep their digests and media types: the same blobs, pushed or mounted as they are.
    layers: [...parent.layers, layer],
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
    chainIds: [...parent.chainIds, chainId],
    layerSizes: [...parent.layerSizes, size],
    created: now,
    config,
  };
}
