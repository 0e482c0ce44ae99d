// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { PolicyPort as _stevedore_cluster_v1_PolicyPort, PolicyPort__Output as _stevedore_cluster_v1_PolicyPort__Output } from '../../../stevedore/cluster/v1/PolicyPort';

export interface PolicyAllow {
  'cidr'?: (string);
  'except'?: (string)[];
  'ports'?: (_stevedore_cluster_v1_PolicyPort)[];
}

export interface PolicyAllow__Output {
  'cidr': (string);
  'except': (string)[];
  'ports': (_stevedore_cluster_v1_PolicyPort__Output)[];
}
