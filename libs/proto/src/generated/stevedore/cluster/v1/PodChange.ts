// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface PodChange {
  'type'?: (string);
  'podJson'?: (string);
  'revision'?: (number | string | Long);
}

export interface PodChange__Output {
  'type': (string);
  'podJson': (string);
  'revision': (number);
}
