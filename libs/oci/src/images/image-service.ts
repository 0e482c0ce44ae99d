// The node's image service, with Docker's semantics: images by tag or ID, dangling images,
// sizes, removal refused while a container uses the image, prune, and garbage collection.
import { promises as fs } from 'fs';
import * as path from 'path';
import { InvalidArchiveError } from '../archive/archive-files';
import { writeArchive } from '../archive/archive-writer';
import { loadArchive } from '../archive/load-archive';
import { ContentStore } from '../content/content-store';
import { canonical, parseReference, type Reference } from '../reference/reference';
import type { Credentials } from '../registry/auth';
import { RegistryClient, type RegistryClientOptions } from '../registry/registry-client';
import { endpointsFor, type MirrorEndpoint, type RegistryHosts } from '../registry/registry-hosts';
import { SnapshotStore } from '../snapshots/snapshot-store';
import { type CommitOptions, commitLayer, scratchImage } from './commit';
import type { ContainerConfig, ImageConfig, ImageRecord, ImageSummary, PullProgress } from './image-types';
import { pullImage } from './pull';
import { pushImage } from './push';
import { RecordStore } from './record-store';

export class ImageError extends Error {
  constructor(
    readonly code: 'NotFound' | 'Conflict' | 'InvalidArgument',
    message: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface ImageServiceOptions extends RegistryClientOptions {
  /** Image store root, e.g. <data-dir>/images. */
  root: string;
  /** Mirrors, credentials and TLS by registry (registries.yaml). */
  registryHosts?: RegistryHosts;
  /** Layers fetched at once (default 3). */
  concurrency?: number;
}

export type InUse = (imageId: string) => boolean;

export interface PullOptions {
  /** Credentials by registry host, on top of the configured ones (a pod's imagePullSecrets). */
  credentials?: Record<string, Credentials>;
}

/** The client options with registries.yaml's credentials and TLS settings folded in. */
function withHostSettings(opts: ImageServiceOptions): RegistryClientOptions {
  const hosts = Object.entries(opts.registryHosts?.hosts ?? {});
  const credentials = Object.fromEntries(hosts.flatMap(([h, s]) => (s.credentials ? [[h, s.credentials]] : [])));
  const tls = Object.fromEntries(hosts.flatMap(([h, s]) => (s.tls ? [[h, s.tls]] : [])));
  return { ...opts, credentials: { ...credentials, ...opts.credentials }, tls: { ...tls, ...opts.tls } };
}

export class ImageService {
  readonly content: ContentStore;
  readonly snapshots: SnapshotStore;
  private readonly records: RecordStore;
  private readonly registry: RegistryClient;
  private readonly pulls = new Map<string, Promise<ImageRecord>>();

  private constructor(private readonly opts: ImageServiceOptions) {
    this.content = new ContentStore(opts.root);
    this.snapshots = new SnapshotStore(path.join(opts.root, 'snapshots'));
    this.records = new RecordStore(path.join(opts.root, 'records'));
    this.registry = new RegistryClient(withHostSettings(opts));
  }

  static async open(opts: ImageServiceOptions): Promise<ImageService> {
    const service = new ImageService(opts);
    await fs.mkdir(opts.root, { recursive: true });
    await service.records.load();
    await service.snapshots.cleanTemporary();
    // Partial blobs of a pull a crash or a full disk interrupted: unreadable, but holding space.
    await service.content.cleanIngest();
    return service;
  }

  /**
   * Pulls and tags; concurrent pulls of one reference share the work. Mirrors of the registry
   * are tried first, in order, then the registry itself; `credentials` (by registry host, e.g.
   * from a pod's imagePullSecrets) come on top of the configured ones.
   */
  async pull(reference: string, onProgress?: (p: PullProgress) => void, opts: PullOptions = {}): Promise<ImageRecord> {
    const ref = parseReference(reference);
    const key = canonical(ref);
    const running = this.pulls.get(key);
    if (running) return running;
    const work = this.pullFromEndpoints(ref, onProgress, opts)
      .then(async (record) => {
        await this.records.put(record);
        if (!ref.digest) await this.records.tag(key, record.id);
        return record;
      })
      .finally(() => this.pulls.delete(key));
    this.pulls.set(key, work);
    return work;
  }

  private async pullFromEndpoints(
    ref: Reference,
    onProgress: ((p: PullProgress) => void) | undefined,
    opts: PullOptions,
  ): Promise<ImageRecord> {
    const endpoints = endpointsFor(this.opts.registryHosts, ref.registry);
    const failures: string[] = [];
    for (const endpoint of endpoints) {
      const deps = {
        registry: this.clientFor(endpoint, opts),
        content: this.content,
        snapshots: this.snapshots,
        concurrency: this.opts.concurrency ?? 3,
        existing: (id: string) => this.records.get(id),
      };
      try {
        return await pullImage(deps, { ...ref, registry: endpoint.host }, onProgress);
      } catch (err) {
        if (endpoints.length === 1) throw err;
        failures.push(`${endpoint.host}: ${(err as Error).message}`);
      }
    }
    throw new Error(`every endpoint failed: ${failures.join('; ')}`);
  }

  /** The shared client, unless this pull needs plain HTTP to a mirror or credentials of its own. */
  private clientFor(endpoint: MirrorEndpoint, opts: PullOptions): RegistryClient {
    if (!endpoint.plainHttp && !opts.credentials) return this.registry;
    const settings = withHostSettings(this.opts);
    return new RegistryClient({
      ...settings,
      insecureRegistries: [...(settings.insecureRegistries ?? []), ...(endpoint.plainHttp ? [endpoint.host] : [])],
      credentials: { ...settings.credentials, ...opts.credentials },
    });
  }

  /** Finds an image by reference (tag or digest) or by full or short IMAGE ID. */
  resolve(refOrId: string): ImageRecord {
    const text = refOrId.trim();
    const idLike = /^(sha256:)?[a-f0-9]{4,64}$/.test(text);
    if (idLike) {
      const hex = text.replace(/^sha256:/, '');
      const matches = this.records.all().filter((r) => r.id.slice(7).startsWith(hex));
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) throw new ImageError('InvalidArgument', `"${refOrId}" matches more than one image; use more of the ID`);
    }
    let key: string;
    try {
      key = canonical(parseReference(text));
    } catch (err) {
      if (idLike) throw new ImageError('NotFound', `No such image: ${refOrId}`);
      throw new ImageError('InvalidArgument', (err as Error).message);
    }
    const ref = parseReference(text);
    const id = this.records.tagged(key) ?? this.records.all().find((r) => ref.digest && r.manifestDigest === ref.digest)?.id;
    const record = id ? this.records.get(id) : undefined;
    if (!record) throw new ImageError('NotFound', `No such image: ${refOrId}`);
    return record;
  }

  has(refOrId: string): boolean {
    try {
      this.resolve(refOrId);
      return true;
    } catch {
      return false;
    }
  }

  tagsOf(id: string): string[] {
    return this.records.tagsOf(id);
  }

  /**
   * Untagged images that build steps made are the build cache, not listed (as Docker hides
   * intermediate images): those with a cache key, and those another image was built on.
   */
  list(inUseCount: (id: string) => number = () => 0): ImageSummary[] {
    const users = new Map<string, number>();
    for (const r of this.records.all()) for (const c of r.chainIds) users.set(c, (users.get(c) ?? 0) + 1);
    const parents = this.parentIds();
    return this.records
      .all()
      .filter((r) => this.records.tagsOf(r.id).length > 0 || (!parents.has(r.id) && !r.cacheKey))
      .map((r) => ({
        id: r.id,
        tags: this.records.tagsOf(r.id),
        repoDigests: r.repoDigests,
        created: r.created,
        layers: r.layers.length,
        virtualSize: r.layerSizes.reduce((a, b) => a + b, 0),
        uniqueSize: r.chainIds.reduce((sum, c, i) => sum + (users.get(c) === 1 ? (r.layerSizes[i] ?? 0) : 0), 0),
        containers: inUseCount(r.id),
      }))
      .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
  }

  async tag(source: string, target: string): Promise<void> {
    const record = this.resolve(source);
    const ref = parseReference(target);
    if (ref.digest) throw new ImageError('InvalidArgument', `refusing to create a tag with a digest reference: ${target}`);
    await this.records.tag(canonical(ref), record.id);
  }

  /**
   * Removes a tag, or the image when it was the last tag (or named by ID). Refused while a
   * container uses the image, unless forced (then only the tags go and the image stays).
   */
  async remove(refOrId: string, opts: { force?: boolean; inUse?: InUse } = {}): Promise<{ untagged: string[]; deleted: string[] }> {
    const record = this.resolve(refOrId);
    const tags = this.records.tagsOf(record.id);
    const byTag = tags.find((t) => {
      try {
        return canonical(parseReference(refOrId)) === t;
      } catch {
        return false;
      }
    });
    if (byTag && tags.length > 1) {
      await this.records.untag(byTag);
      return { untagged: [byTag], deleted: [] };
    }
    if (opts.inUse?.(record.id)) {
      if (!opts.force) {
        throw new ImageError(
          'Conflict',
          `conflict: unable to remove image ${record.id.slice(7, 19)} (${byTag ?? 'by ID'}): it is in use by a container; remove the container first or use --force`,
        );
      }
      for (const t of tags) await this.records.untag(t);
      return { untagged: tags, deleted: [] };
    }
    if (!byTag && tags.length > 1 && !opts.force) {
      throw new ImageError(
        'Conflict',
        `conflict: unable to delete ${record.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`,
      );
    }
    await this.records.delete(record.id);
    const deleted = [record.id, ...(await this.removeIntermediates(record.parent, opts.inUse))];
    await this.gc();
    return { untagged: tags, deleted };
  }

  private parentIds(): Set<string> {
    return new Set(this.records.all().flatMap((r) => (r.parent ? [r.parent] : [])));
  }

  /** Untagged images a removed image was built on go with it, up to one that is tagged, used, or a parent of another. */
  private async removeIntermediates(parentId: string | undefined, inUse: InUse = () => false): Promise<string[]> {
    const deleted: string[] = [];
    let parent = parentId ? this.records.get(parentId) : undefined;
    while (parent && this.records.tagsOf(parent.id).length === 0 && !inUse(parent.id) && !this.parentIds().has(parent.id)) {
      await this.records.delete(parent.id);
      deleted.push(parent.id);
      parent = parent.parent ? this.records.get(parent.parent) : undefined;
    }
    return deleted;
  }

  /** Removes dangling images no container uses. */
  async prune(inUse: InUse = () => false): Promise<{ deleted: string[]; spaceReclaimed: number }> {
    const before = this.list();
    const parents = this.parentIds();
    const dangling = this.records.all().filter((r) => this.records.tagsOf(r.id).length === 0 && !inUse(r.id) && !parents.has(r.id));
    const reclaimed = before.filter((s) => dangling.some((d) => d.id === s.id)).reduce((sum, s) => sum + s.uniqueSize, 0);
    const deleted: string[] = [];
    for (const r of dangling) {
      await this.records.delete(r.id);
      deleted.push(r.id, ...(await this.removeIntermediates(r.parent, inUse)));
    }
    await this.gc();
    return { deleted, spaceReclaimed: reclaimed };
  }

  /** Deletes blobs and unpacked layers that no image record references. */
  async gc(): Promise<{ blobs: number; snapshots: number }> {
    const keepBlobs = new Set<string>();
    const keepSnapshots = new Set<string>();
    for (const r of this.records.all()) {
      [r.manifestDigest, r.id, ...r.layers.map((l) => l.digest)].forEach((d) => keepBlobs.add(d));
      r.chainIds.forEach((c) => keepSnapshots.add(c));
    }
    let blobs = 0;
    let snaps = 0;
    for (const d of await this.content.list())
      if (!keepBlobs.has(d)) {
        await this.content.delete(d);
        blobs++;
      }
    for (const c of await this.snapshots.list())
      if (!keepSnapshots.has(c)) {
        await this.snapshots.remove(c);
        snaps++;
      }
    return { blobs, snapshots: snaps };
  }

  async push(reference: string, onProgress?: (p: PullProgress) => void): Promise<string> {
    const ref = parseReference(reference);
    if (ref.digest) throw new ImageError('InvalidArgument', 'push takes a tag, not a digest');
    const record = this.resolve(reference);
    const digest = await pushImage(this.registry, this.content, record, ref, onProgress);
    const repoDigest = `${ref.registry}/${ref.repository}@${digest}`;
    if (!record.repoDigests.includes(repoDigest)) await this.records.put({ ...record, repoDigests: [...record.repoDigests, repoDigest] });
    return digest;
  }

  async commit(opts: Omit<CommitOptions, 'parent'> & { parentImageId: string; reference?: string }): Promise<ImageRecord> {
    const parent = this.resolve(opts.parentImageId);
    const target = opts.reference ? canonical(parseReference(opts.reference)) : undefined;
    const record = await commitLayer(this.content, this.snapshots, { ...opts, parent });
    await this.records.put(record);
    if (target) await this.records.tag(target, record.id);
    return record;
  }

  /**
   * Loads every image of a `docker save` or OCI-layout archive (optionally gzipped) and tags it
   * with the names the archive records; a broken archive is refused and nothing is recorded.
   */
  async load(file: string, onProgress?: (p: PullProgress) => void): Promise<{ id: string; tags: string[] }[]> {
    const deps = {
      content: this.content,
      snapshots: this.snapshots,
      concurrency: this.opts.concurrency ?? 3,
      existing: (id: string) => this.records.get(id),
    };
    let loaded: Awaited<ReturnType<typeof loadArchive>>;
    try {
      loaded = await loadArchive(deps, this.opts.root, file, onProgress);
    } catch (err) {
      const why = err instanceof InvalidArchiveError ? err.message : `invalid image archive ${file}: ${(err as Error).message}`;
      throw new ImageError('InvalidArgument', why);
    }
    const out: { id: string; tags: string[] }[] = [];
    for (const { record, tags } of loaded) {
      const known = this.records.get(record.id);
      await this.records.put(known ? { ...record, repoDigests: known.repoDigests } : record);
      const canonicalTags = tags.map((t) => canonical(parseReference(t)));
      for (const tag of canonicalTags) await this.records.tag(tag, record.id);
      out.push({ id: record.id, tags: canonicalTags });
    }
    return out;
  }

  /** Writes the images (by reference or ID) to one archive that `load`, `docker load` and skopeo read. */
  async save(refsOrIds: string[], file: string): Promise<void> {
    const images = refsOrIds.map((r) => {
      const record = this.resolve(r);
      const byName =
        this.has(r) && !/^(sha256:)?[a-f0-9]{4,64}$/.test(r.trim()) ? [canonical(parseReference(r))] : this.records.tagsOf(record.id);
      return { record, names: byName };
    });
    await writeArchive(this.content, images, file);
  }

  /** The newest image a build step with this cache key made, if the node still has it. */
  cached(cacheKey: string): ImageRecord | undefined {
    return this.records
      .all()
      .filter((r) => r.cacheKey === cacheKey)
      .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))[0];
  }

  /**
   * One build step's image, untagged: on `parentId` (absent = scratch) with a new layer packed
   * from `upperDir`, or with only a new config. It records its parent and cache key.
   */
  async buildStep(opts: { parentId?: string; upperDir?: string; config: ContainerConfig; createdBy: string; cacheKey: string }) {
    const parent = opts.parentId ? this.resolve(opts.parentId) : scratchImage();
    const made = await commitLayer(this.content, this.snapshots, {
      parent,
      upperDir: opts.upperDir,
      config: opts.config,
      createdBy: opts.createdBy,
    });
    const record: ImageRecord = { ...made, ...(opts.parentId ? { parent: opts.parentId } : {}), cacheKey: opts.cacheKey };
    await this.records.put(record);
    return record;
  }

  /** What a container needs from its image: the lower dirs (top layer first) and the config. */
  rootfsFor(refOrId: string): { lowerDirs: string[]; config: ImageConfig; record: ImageRecord } {
    const record = this.resolve(refOrId);
    return { lowerDirs: [...record.chainIds].reverse().map((c) => this.snapshots.dir(c)), config: record.config, record };
  }
}
