// Public API of @stevedore/oci: references, registry, content, layers, snapshots and images.

export { InvalidArchiveError } from './archive/archive-files';
export { ContentStore, DigestMismatchError, SizeMismatchError } from './content/content-store';
export type { Descriptor } from './content/descriptor';
export { MEDIA } from './content/descriptor';
export type { ImageServiceOptions, InUse, PullOptions } from './images/image-service';
export { ImageError, ImageService } from './images/image-service';
export type { ContainerConfig, ImageConfig, ImageRecord, ImageSummary, PullProgress } from './images/image-types';
export { hostPlatform, selectPlatform } from './images/platform';
export * from './layers';
export type { Reference } from './reference/reference';
export { canonical, DEFAULT_REGISTRY, familiar, familiarName, InvalidReferenceError, parseReference } from './reference/reference';
export type { Credentials } from './registry/auth';
export type { RegistryClientOptions } from './registry/registry-client';
export { isLoopbackRegistry, MAX_MANIFEST_BYTES, RegistryClient } from './registry/registry-client';
export { RegistryError } from './registry/registry-error';
export type { HostSettings, MirrorEndpoint, RegistryHosts, TlsSettings } from './registry/registry-hosts';
export { endpointsFor, parseRegistriesConfig, RegistriesConfigError } from './registry/registry-hosts';
export { SnapshotStore } from './snapshots/snapshot-store';
