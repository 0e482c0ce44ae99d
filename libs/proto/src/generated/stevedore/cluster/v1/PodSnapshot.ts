// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface PodSnapshot {
  'podsJson'?: (string)[];
  'revision'?: (number | string | Long);
  'more'?: (boolean);
}

export interface PodSnapshot__Output {
  'podsJson': (string)[];
  'revision': (number);
  'more': (boolean);
}
