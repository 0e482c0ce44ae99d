// Public API of @stevedore/oci: references, registry, content, layers, snapshots and images.
export { parseReference, canonical, familiar, familiarName, InvalidReferenceError, DEFAULT_REGISTRY } from './reference/reference';
export type { Reference } from './reference/reference';
export { ContentStore, DigestMismatchError, SizeMismatchError } from './content/content-store';
export { MEDIA } from './content/descriptor';
export type { Descriptor } from './content/descriptor';
export { RegistryClient, isLoopbackRegistry, MAX_MANIFEST_BYTES } from './registry/registry-client';
export type { RegistryClientOptions } from './registry/registry-client';
export { RegistryError } from './registry/registry-error';
export { SnapshotStore } from './snapshots/snapshot-store';
export * from './layers';
export { ImageService, ImageError } from './images/image-service';
export type { ImageServiceOptions, InUse } from './images/image-service';
export type { ImageConfig, ImageRecord, ImageSummary, PullProgress, ContainerConfig } from './images/image-types';
export { hostPlatform, selectPlatform } from './images/platform';
