// Original file: proto/stevedore/node/v1/node.proto

import type { Long } from '@grpc/proto-loader';

export interface ImageSummary {
  'id'?: (string);
  'tags'?: (string)[];
  'repoDigests'?: (string)[];
  'created'?: (string);
  'virtualSize'?: (number | string | Long);
  'uniqueSize'?: (number | string | Long);
  'layers'?: (number);
  'containers'?: (number);
}

export interface ImageSummary__Output {
  'id': (string);
  'tags': (string)[];
  'repoDigests': (string)[];
  'created': (string);
  'virtualSize': (number);
  'uniqueSize': (number);
  'layers': (number);
  'containers': (number);
}
