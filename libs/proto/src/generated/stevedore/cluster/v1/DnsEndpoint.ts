// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { DnsPort as _stevedore_cluster_v1_DnsPort, DnsPort__Output as _stevedore_cluster_v1_DnsPort__Output } from '../../../stevedore/cluster/v1/DnsPort';

export interface DnsEndpoint {
  'ip'?: (string);
  'hostname'?: (string);
  'ports'?: (_stevedore_cluster_v1_DnsPort)[];
}

export interface DnsEndpoint__Output {
  'ip': (string);
  'hostname': (string);
  'ports': (_stevedore_cluster_v1_DnsPort__Output)[];
}
