import type { Descriptor } from '../content/descriptor';

/** The runnable part of an image config (what `docker inspect` shows under Config). */
export interface ContainerConfig {
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
  StopSignal?: string;
  /** The shell for shell-form commands (Dockerfile SHELL); Docker keeps it in the config. */
  Shell?: string[];
}

export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean; author?: string }[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

/**
 * What the node knows about one image. Identity: the config digest (IMAGE ID). Tags point at
 * records; a record with no tag is dangling.
 */
export interface ImageRecord {
  id: string;
  manifestDigest: string;
  manifestMediaType: string;
  /** Where it was pulled from or pushed to, for cross-repository mounts and RepoDigests. */
  repoDigests: string[];
  /** Repositories (registry/path) that hold some of its layers, for cross-repository mounts. */
  mountFrom?: string[];
  layers: Descriptor[];
  diffIds: string[];
  chainIds: string[];
  /** Unpacked bytes per layer, in layer order. */
  layerSizes: number[];
  created?: string;
  config: ImageConfig;
  /** The image this one was built on by a build step (Docker's Parent); untagged parents are intermediate images. */
  parent?: string;
  /** The build cache key of the step that made it: a later build with the same key reuses this image. */
  cacheKey?: string;
}

export interface ImageSummary {
  id: string;
  /** Canonical references (docker.io/library/busybox:latest); empty for a dangling image. */
  tags: string[];
  repoDigests: string[];
  created?: string;
  /** All layers' bytes. */
  virtualSize: number;
  /** Bytes of layers no other image uses. */
  uniqueSize: number;
  layers: number;
  containers?: number;
}

export interface PullProgress {
  /** Short layer digest, or the reference for whole-image lines. */
  id: string;
  status:
    | 'Resolving'
    | 'Already exists'
    | 'Pulling fs layer'
    | 'Downloading'
    | 'Verifying'
    | 'Extracting'
    | 'Pull complete'
    | 'Pushing'
    | 'Mounted'
    | 'Layer already exists'
    | 'Pushed'
    | 'Done';
  current?: number;
  total?: number;
}
