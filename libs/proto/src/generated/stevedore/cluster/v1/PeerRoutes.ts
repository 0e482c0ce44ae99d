// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { PeerRoute as _stevedore_cluster_v1_PeerRoute, PeerRoute__Output as _stevedore_cluster_v1_PeerRoute__Output } from '../../../stevedore/cluster/v1/PeerRoute';

export interface PeerRoutes {
  'routes'?: (_stevedore_cluster_v1_PeerRoute)[];
}

export interface PeerRoutes__Output {
  'routes': (_stevedore_cluster_v1_PeerRoute__Output)[];
}
