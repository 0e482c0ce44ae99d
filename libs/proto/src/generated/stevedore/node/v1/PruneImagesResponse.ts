// Original file: proto/stevedore/node/v1/node.proto

import type { Long } from '@grpc/proto-loader';

export interface PruneImagesResponse {
  'deleted'?: (string)[];
  'spaceReclaimed'?: (number | string | Long);
}

export interface PruneImagesResponse__Output {
  'deleted': (string)[];
  'spaceReclaimed': (number);
}
