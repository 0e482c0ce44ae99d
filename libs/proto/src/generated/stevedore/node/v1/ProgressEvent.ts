// Original file: proto/stevedore/node/v1/node.proto

import type { Long } from '@grpc/proto-loader';

export interface ProgressEvent {
  'id'?: (string);
  'status'?: (string);
  'current'?: (number | string | Long);
  'total'?: (number | string | Long);
  'digest'?: (string);
}

export interface ProgressEvent__Output {
  'id': (string);
  'status': (string);
  'current': (number);
  'total': (number);
  'digest': (string);
}
