// Original file: proto/stevedore/node/v1/node.proto

import type { Long } from '@grpc/proto-loader';

export interface ContainerSummary {
  'id'?: (string);
  'name'?: (string);
  'image'?: (string);
  'imageId'?: (string);
  'command'?: (string)[];
  'state'?: (string);
  'createdAt'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'exitCode'?: (number);
  'oomKilled'?: (boolean);
  'pid'?: (number);
  'restartCount'?: (number);
  'sizeRw'?: (number | string | Long);
  'sizeRootFs'?: (number | string | Long);
  'labels'?: ({[key: string]: string});
}

export interface ContainerSummary__Output {
  'id': (string);
  'name': (string);
  'image': (string);
  'imageId': (string);
  'command': (string)[];
  'state': (string);
  'createdAt': (string);
  'startedAt': (string);
  'finishedAt': (string);
  'exitCode': (number);
  'oomKilled': (boolean);
  'pid': (number);
  'restartCount': (number);
  'sizeRw': (number);
  'sizeRootFs': (number);
  'labels': ({[key: string]: string});
}
