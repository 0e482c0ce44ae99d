// Public API of @stevedore/registry: the image registry `stevedore up` runs beside the cluster.
export type { EmbeddedRegistry, EmbeddedRegistryOptions } from './embedded-registry';
export { startEmbeddedRegistry, stopStaleRegistry } from './embedded-registry';
