// Image records and tags on disk: one JSON file per image, one tags file; each replaced atomically.

import { ignoreMissing, writeFileAtomic as writeAtomic } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ImageRecord } from './image-types';

export class RecordStore {
  private images = new Map<string, ImageRecord>();
  /** canonical reference → image id */
  private tagMap = new Map<string, string>();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    await fs.mkdir(path.join(this.root, 'images'), { recursive: true });
    for (const name of await fs.readdir(path.join(this.root, 'images'))) {
      if (!name.endsWith('.json')) continue;
      const record = JSON.parse(await fs.readFile(path.join(this.root, 'images', name), 'utf8')) as ImageRecord;
      this.images.set(record.id, record);
    }
    // No tags file until the first tag; an unreadable one must not silently drop every tag.
    const tags = (await ignoreMissing(fs.readFile(path.join(this.root, 'tags.json'), 'utf8'))) ?? '{}';
    this.tagMap = new Map(Object.entries(JSON.parse(tags) as Record<string, string>).filter(([, id]) => this.images.has(id)));
  }

  all(): ImageRecord[] {
    return [...this.images.values()];
  }

  get(id: string): ImageRecord | undefined {
    return this.images.get(id);
  }

  tagged(ref: string): string | undefined {
    return this.tagMap.get(ref);
  }

  tagsOf(id: string): string[] {
    return [...this.tagMap.entries()]
      .filter(([, v]) => v === id)
      .map(([k]) => k)
      .sort();
  }

  async put(record: ImageRecord): Promise<void> {
    await writeAtomic(path.join(this.root, 'images', `${record.id.slice(7)}.json`), JSON.stringify(record));
    this.images.set(record.id, record);
  }

  async delete(id: string): Promise<void> {
    for (const tag of this.tagsOf(id)) this.tagMap.delete(tag);
    await this.saveTags();
    this.images.delete(id);
    await fs.rm(path.join(this.root, 'images', `${id.slice(7)}.json`), { force: true });
  }

  /** Points `ref` at `id`; the image it pointed at before may become dangling. */
  async tag(ref: string, id: string): Promise<void> {
    this.tagMap.set(ref, id);
    await this.saveTags();
  }

  async untag(ref: string): Promise<void> {
    this.tagMap.delete(ref);
    await this.saveTags();
  }

  private saveTags(): Promise<void> {
    return writeAtomic(path.join(this.root, 'tags.json'), JSON.stringify(Object.fromEntries([...this.tagMap].sort()), null, 1));
  }
}
