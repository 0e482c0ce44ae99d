// Original file: proto/stevedore/node/v1/node.proto

import type { Long } from '@grpc/proto-loader';

export interface StatsResponse {
  'cpuUsageNanos'?: (number | string | Long);
  'memoryUsageBytes'?: (number | string | Long);
  'memoryWorkingSetBytes'?: (number | string | Long);
  'memoryLimitBytes'?: (number | string | Long);
  'pids'?: (number | string | Long);
  'oomEvents'?: (number | string | Long);
}

export interface StatsResponse__Output {
  'cpuUsageNanos': (number);
  'memoryUsageBytes': (number);
  'memoryWorkingSetBytes': (number);
  'memoryLimitBytes': (number);
  'pids': (number);
  'oomEvents': (number);
}
