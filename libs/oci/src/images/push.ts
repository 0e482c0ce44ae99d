// Push: every blob the registry lacks (mounted from another repository of the same registry
// when we know one that has it), then the config, then the manifest under the tag.
import { createReadStream } from 'fs';
import type { ContentStore } from '../content/content-store';
import type { Descriptor } from '../content/descriptor';
import type { Reference } from '../reference/reference';
import type { RegistryClient } from '../registry/registry-client';
import type { ImageRecord, PullProgress } from './image-types';

export async function pushImage(
  registry: RegistryClient,
  content: ContentStore,
  record: ImageRecord,
  ref: Reference,
  onProgress: (p: PullProgress) => void = () => undefined,
): Promise<string> {
  const sources = [...record.repoDigests.map((r) => r.split('@')[0]!), ...(record.mountFrom ?? [])];
  const mountFrom = sources.find((r) => r.startsWith(`${ref.registry}/`))?.slice(ref.registry.length + 1);
  const manifestBytes = await content.read(record.manifestDigest);
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
  for (const blob of [...manifest.layers, manifest.config]) {
    const id = blob.digest.slice(7, 19);
    if (await registry.hasBlob(ref, blob.digest)) {
      onProgress({ id, status: 'Layer already exists' });
      continue;
    }
    if (!(await content.has(blob.digest)))
      throw new Error(`blob ${id} of ${record.id.slice(7, 19)} is not in the local store; pull the image again before pushing`);
    onProgress({ id, status: 'Pushing', current: 0, total: blob.size });
    const how = await registry.pushBlob(ref, blob, () => createReadStream(content.path(blob.digest)), mountFrom);
    onProgress({ id, status: how === 'mounted' ? 'Mounted' : 'Pushed', current: blob.size, total: blob.size });
  }
  await registry.pushManifest(ref, ref.tag ?? 'latest', record.manifestMediaType, manifestBytes);
  return record.manifestDigest;
}
