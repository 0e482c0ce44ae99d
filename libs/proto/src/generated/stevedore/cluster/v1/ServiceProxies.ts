// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { ServiceProxy as _stevedore_cluster_v1_ServiceProxy, ServiceProxy__Output as _stevedore_cluster_v1_ServiceProxy__Output } from '../../../stevedore/cluster/v1/ServiceProxy';

export interface ServiceProxies {
  'services'?: (_stevedore_cluster_v1_ServiceProxy)[];
}

export interface ServiceProxies__Output {
  'services': (_stevedore_cluster_v1_ServiceProxy__Output)[];
}
