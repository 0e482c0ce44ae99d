// Original file: proto/stevedore/node/v1/node.proto

import type { Mount as _stevedore_node_v1_Mount, Mount__Output as _stevedore_node_v1_Mount__Output } from '../../../stevedore/node/v1/Mount';
import type { Long } from '@grpc/proto-loader';

export interface CreateContainerRequest {
  'name'?: (string);
  'image'?: (string);
  'command'?: (string)[];
  'entrypoint'?: (string)[];
  'entrypointSet'?: (boolean);
  'env'?: (string)[];
  'workingDir'?: (string);
  'user'?: (string);
  'hostname'?: (string);
  'memoryBytes'?: (number | string | Long);
  'cpuQuota'?: (number | string | Long);
  'cpuPeriod'?: (number | string | Long);
  'pidsLimit'?: (number | string | Long);
  'labels'?: ({[key: string]: string});
  'mounts'?: (_stevedore_node_v1_Mount)[];
}

export interface CreateContainerRequest__Output {
  'name': (string);
  'image': (string);
  'command': (string)[];
  'entrypoint': (string)[];
  'entrypointSet': (boolean);
  'env': (string)[];
  'workingDir': (string);
  'user': (string);
  'hostname': (string);
  'memoryBytes': (number);
  'cpuQuota': (number);
  'cpuPeriod': (number);
  'pidsLimit': (number);
  'labels': ({[key: string]: string});
  'mounts': (_stevedore_node_v1_Mount__Output)[];
}
