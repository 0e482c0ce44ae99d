// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { ProxyEndpoint as _stevedore_cluster_v1_ProxyEndpoint, ProxyEndpoint__Output as _stevedore_cluster_v1_ProxyEndpoint__Output } from '../../../stevedore/cluster/v1/ProxyEndpoint';

export interface ServiceProxy {
  'name'?: (string);
  'clusterIp'?: (string);
  'port'?: (number);
  'protocol'?: (string);
  'nodePort'?: (number);
  'endpoints'?: (_stevedore_cluster_v1_ProxyEndpoint)[];
  'affinitySeconds'?: (number);
  'externalLocal'?: (boolean);
  'internalLocal'?: (boolean);
  'loadBalancerIps'?: (string)[];
}

export interface ServiceProxy__Output {
  'name': (string);
  'clusterIp': (string);
  'port': (number);
  'protocol': (string);
  'nodePort': (number);
  'endpoints': (_stevedore_cluster_v1_ProxyEndpoint__Output)[];
  'affinitySeconds': (number);
  'externalLocal': (boolean);
  'internalLocal': (boolean);
  'loadBalancerIps': (string)[];
}
