// Original file: proto/stevedore/node/v1/node.proto

import type { LoadedImage as _stevedore_node_v1_LoadedImage, LoadedImage__Output as _stevedore_node_v1_LoadedImage__Output } from '../../../stevedore/node/v1/LoadedImage';

export interface LoadImagesResponse {
  'images'?: (_stevedore_node_v1_LoadedImage)[];
}

export interface LoadImagesResponse__Output {
  'images': (_stevedore_node_v1_LoadedImage__Output)[];
}
