// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { DnsPort as _stevedore_cluster_v1_DnsPort, DnsPort__Output as _stevedore_cluster_v1_DnsPort__Output } from '../../../stevedore/cluster/v1/DnsPort';
import type { DnsEndpoint as _stevedore_cluster_v1_DnsEndpoint, DnsEndpoint__Output as _stevedore_cluster_v1_DnsEndpoint__Output } from '../../../stevedore/cluster/v1/DnsEndpoint';

export interface DnsService {
  'namespace'?: (string);
  'name'?: (string);
  'clusterIp'?: (string);
  'externalName'?: (string);
  'ports'?: (_stevedore_cluster_v1_DnsPort)[];
  'endpoints'?: (_stevedore_cluster_v1_DnsEndpoint)[];
}

export interface DnsService__Output {
  'namespace': (string);
  'name': (string);
  'clusterIp': (string);
  'externalName': (string);
  'ports': (_stevedore_cluster_v1_DnsPort__Output)[];
  'endpoints': (_stevedore_cluster_v1_DnsEndpoint__Output)[];
}
