// The image store of a hollow node: every image is "present" at once and has no layers, so the
// pod sync loop runs its real code path without a registry or a disk.

import type { ImageConfig, ImageRecord, ImageSummary } from '@stevedore/oci';
import { createHash } from 'crypto';

const CONFIG: ImageConfig = {
  architecture: 'amd64',
  os: 'linux',
  config: { Cmd: ['sleep', 'infinity'] },
  rootfs: { type: 'layers', diff_ids: [] },
} as ImageConfig;

export class HollowImages {
  private readonly records = new Map<string, ImageRecord>();

  has(_ref: string): boolean {
    return true;
  }

  async pull(ref: string): Promise<ImageRecord> {
    return this.record(ref);
  }

  list(): ImageSummary[] {
    return [...this.records].map(([ref, r]) => ({ id: r.id, tags: [ref], repoDigests: [], virtualSize: 0, uniqueSize: 0, layers: 0 }));
  }

  rootfsFor(ref: string): { lowerDirs: string[]; config: ImageConfig; record: ImageRecord } {
    return { lowerDirs: [], config: CONFIG, record: this.record(ref) };
  }

  private record(ref: string): ImageRecord {
    let record = this.records.get(ref);
    if (!record) {
      const id = `sha256:${createHash('sha256').update(ref).digest('hex')}`;
      record = {
        id,
        manifestDigest: id,
        manifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        repoDigests: [],
        layers: [],
        diffIds: [],
        chainIds: [],
        layerSizes: [],
        config: CONFIG,
      };
      this.records.set(ref, record);
    }
    return record;
  }
}
