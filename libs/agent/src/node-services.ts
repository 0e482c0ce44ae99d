// The node's services as users see them: containers made from images, with Docker's rules for
// names, commands, image removal while in use, commit, and sizes.
import type { ImageService, ImageSummary, PullProgress } from '@stevedore/oci';
import type { ContainerInfo, ContainerRuntime, Mount, Resources } from '@stevedore/runtime';
import { generateName, mergeProcess, type ProcessOverrides } from './container-config';

export interface CreateOptions extends ProcessOverrides {
  name?: string;
  image: string;
  hostname?: string;
  resources?: Resources;
  labels?: Record<string, string>;
  mounts?: Mount[];
}

export interface ContainerWithSize extends ContainerInfo {
  sizeRw?: number;
  sizeRootFs?: number;
}

export class NodeServices {
  constructor(
    readonly images: ImageService,
    readonly runtime: ContainerRuntime,
  ) {}

  private async imageUsers(): Promise<Map<string, number>> {
    const users = new Map<string, number>();
    for (const c of await this.runtime.list()) users.set(c.image.id, (users.get(c.image.id) ?? 0) + 1);
    return users;
  }

  async listImages(): Promise<ImageSummary[]> {
    const users = await this.imageUsers();
    return this.images.list((id) => users.get(id) ?? 0);
  }

  /** Creates a container; pulls the image first when the node does not have it (as `docker run` does). */
  async createContainer(opts: CreateOptions, onProgress?: (p: PullProgress) => void): Promise<ContainerInfo> {
    if (!this.images.has(opts.image)) await this.images.pull(opts.image, onProgress);
    const { lowerDirs, config, record } = this.images.rootfsFor(opts.image);
    const taken = new Set((await this.runtime.list()).map((c) => c.name));
    return this.runtime.create({
      name: opts.name || generateName(taken),
      image: { ref: opts.image, id: record.id },
      rootfs: { lowerDirs },
      process: mergeProcess(config.config, opts),
      hostname: opts.hostname,
      resources: opts.resources,
      mounts: opts.mounts,
      labels: { ...config.config?.Labels, ...opts.labels },
      stopSignal: config.config?.StopSignal,
    });
  }

  async listContainers(opts: { all?: boolean; size?: boolean } = {}): Promise<ContainerWithSize[]> {
    const all = await this.runtime.list();
    const shown = opts.all ? all : all.filter((c) => c.state === 'running');
    if (!opts.size) return shown;
    const virtual = new Map(this.images.list().map((i) => [i.id, i.virtualSize]));
    return Promise.all(
      shown.map(async (c) => {
        const sizeRw = await this.runtime.writableLayerSize(c.id);
        return { ...c, sizeRw, sizeRootFs: sizeRw + (virtual.get(c.image.id) ?? 0) };
      }),
    );
  }

  async removeImage(image: string, force = false) {
    const users = await this.imageUsers();
    return this.images.remove(image, { force, inUse: (id) => (users.get(id) ?? 0) > 0 });
  }

  async pruneImages() {
    const users = await this.imageUsers();
    return this.images.prune((id) => (users.get(id) ?? 0) > 0);
  }

  /** Turns the container's writable layer into a new image (the container is left as it is). */
  async commit(container: string, opts: { reference?: string; author?: string; message?: string; cmd?: string[] }) {
    const c = await this.runtime.inspect(container);
    return this.images.commit({
      upperDir: c.upperDir,
      parentImageId: c.image.id,
      reference: opts.reference || undefined,
      author: opts.author || undefined,
      message: opts.message || undefined,
      changes: opts.cmd?.length ? { Cmd: opts.cmd } : undefined,
      createdBy: `stevedore commit ${c.name}`,
    });
  }
}
