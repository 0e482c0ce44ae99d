export { unpackLayer } from './unpack';
export type { UnpackOptions, UnpackResult } from './unpack';
export { packUpperDir } from './pack';
export type { PackedLayer } from './pack';
export { InvalidLayerError } from './safe-path';
