export type { PackedLayer } from './pack';
export { packUpperDir } from './pack';
export { InvalidLayerError } from './safe-path';
export type { UnpackOptions, UnpackResult } from './unpack';
export { unpackLayer } from './unpack';
