// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { DnsService as _stevedore_cluster_v1_DnsService, DnsService__Output as _stevedore_cluster_v1_DnsService__Output } from '../../../stevedore/cluster/v1/DnsService';

export interface ClusterDns {
  'services'?: (_stevedore_cluster_v1_DnsService)[];
}

export interface ClusterDns__Output {
  'services': (_stevedore_cluster_v1_DnsService__Output)[];
}
