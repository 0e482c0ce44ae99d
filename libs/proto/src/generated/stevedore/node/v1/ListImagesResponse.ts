// Original file: proto/stevedore/node/v1/node.proto

import type { ImageSummary as _stevedore_node_v1_ImageSummary, ImageSummary__Output as _stevedore_node_v1_ImageSummary__Output } from '../../../stevedore/node/v1/ImageSummary';

export interface ListImagesResponse {
  'images'?: (_stevedore_node_v1_ImageSummary)[];
}

export interface ListImagesResponse__Output {
  'images': (_stevedore_node_v1_ImageSummary__Output)[];
}
