// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { PolicyAllow as _stevedore_cluster_v1_PolicyAllow, PolicyAllow__Output as _stevedore_cluster_v1_PolicyAllow__Output } from '../../../stevedore/cluster/v1/PolicyAllow';

export interface PolicyTarget {
  'podIp'?: (string);
  'name'?: (string);
  'ingressIsolated'?: (boolean);
  'egressIsolated'?: (boolean);
  'ingress'?: (_stevedore_cluster_v1_PolicyAllow)[];
  'egress'?: (_stevedore_cluster_v1_PolicyAllow)[];
}

export interface PolicyTarget__Output {
  'podIp': (string);
  'name': (string);
  'ingressIsolated': (boolean);
  'egressIsolated': (boolean);
  'ingress': (_stevedore_cluster_v1_PolicyAllow__Output)[];
  'egress': (_stevedore_cluster_v1_PolicyAllow__Output)[];
}
