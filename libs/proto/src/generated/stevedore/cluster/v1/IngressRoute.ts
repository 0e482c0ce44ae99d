// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { ProxyEndpoint as _stevedore_cluster_v1_ProxyEndpoint, ProxyEndpoint__Output as _stevedore_cluster_v1_ProxyEndpoint__Output } from '../../../stevedore/cluster/v1/ProxyEndpoint';

export interface IngressRoute {
  'ingress'?: (string);
  'host'?: (string);
  'path'?: (string);
  'pathType'?: (string);
  'created'?: (string);
  'backend'?: (string);
  'backendFound'?: (boolean);
  'endpoints'?: (_stevedore_cluster_v1_ProxyEndpoint)[];
}

export interface IngressRoute__Output {
  'ingress': (string);
  'host': (string);
  'path': (string);
  'pathType': (string);
  'created': (string);
  'backend': (string);
  'backendFound': (boolean);
  'endpoints': (_stevedore_cluster_v1_ProxyEndpoint__Output)[];
}
