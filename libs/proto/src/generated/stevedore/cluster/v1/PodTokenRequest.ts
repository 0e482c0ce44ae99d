// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface PodTokenRequest {
  'namespace'?: (string);
  'pod'?: (string);
  'podUid'?: (string);
  'audience'?: (string);
  'expirationSeconds'?: (number | string | Long);
}

export interface PodTokenRequest__Output {
  'namespace': (string);
  'pod': (string);
  'podUid': (string);
  'audience': (string);
  'expirationSeconds': (number);
}
