// `load`: every image of an archive through the pull pipeline (blobs verified against their
// digests, layers unpacked once), then recorded and tagged. The archive is extracted to a scratch
// folder under the image store first and that folder always goes afterwards; a corrupt or
// truncated archive records nothing.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ImageRecord, PullProgress } from '../images/image-types';
import { type ImageSource, type PullDeps, pullImage } from '../images/pull';
import { extractArchive } from './archive-files';
import { type ArchiveImage, archiveImages } from './archive-images';

export interface LoadedImage {
  record: ImageRecord;
  tags: string[];
}

function sourceOf(image: ArchiveImage): ImageSource {
  return {
    manifest: async (_ref, digest) => {
      if (digest !== image.manifest.digest) throw new Error(`the archive has no manifest ${digest}`);
      return image.manifest;
    },
    blob: async (_ref, descriptor) => image.blob(descriptor.digest),
  };
}

export async function loadArchive(
  deps: Omit<PullDeps, 'registry'>,
  scratchRoot: string,
  file: string,
  onProgress?: (p: PullProgress) => void,
): Promise<LoadedImage[]> {
  const dir = await fs.mkdtemp(path.join(scratchRoot, 'load-'));
  try {
    const images = await archiveImages(await extractArchive(file, dir));
    const loaded: LoadedImage[] = [];
    for (const image of images) {
      const ref = { registry: 'archive', repository: 'image', digest: image.manifest.digest };
      const record = await pullImage({ ...deps, registry: sourceOf(image) }, ref, onProgress);
      // A loaded image was pulled from nowhere: like `docker load`, it has no repo digest.
      loaded.push({ record: { ...record, repoDigests: record.repoDigests.filter((d) => !d.startsWith('archive/')) }, tags: image.tags });
    }
    return loaded;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
