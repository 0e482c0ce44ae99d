// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { Registered as _stevedore_cluster_v1_Registered, Registered__Output as _stevedore_cluster_v1_Registered__Output } from '../../../stevedore/cluster/v1/Registered';
import type { PodSnapshot as _stevedore_cluster_v1_PodSnapshot, PodSnapshot__Output as _stevedore_cluster_v1_PodSnapshot__Output } from '../../../stevedore/cluster/v1/PodSnapshot';
import type { PodChange as _stevedore_cluster_v1_PodChange, PodChange__Output as _stevedore_cluster_v1_PodChange__Output } from '../../../stevedore/cluster/v1/PodChange';
import type { StreamRequest as _stevedore_cluster_v1_StreamRequest, StreamRequest__Output as _stevedore_cluster_v1_StreamRequest__Output } from '../../../stevedore/cluster/v1/StreamRequest';
import type { PeerRoutes as _stevedore_cluster_v1_PeerRoutes, PeerRoutes__Output as _stevedore_cluster_v1_PeerRoutes__Output } from '../../../stevedore/cluster/v1/PeerRoutes';
import type { ServiceProxies as _stevedore_cluster_v1_ServiceProxies, ServiceProxies__Output as _stevedore_cluster_v1_ServiceProxies__Output } from '../../../stevedore/cluster/v1/ServiceProxies';
import type { Resync as _stevedore_cluster_v1_Resync, Resync__Output as _stevedore_cluster_v1_Resync__Output } from '../../../stevedore/cluster/v1/Resync';
import type { ClusterDns as _stevedore_cluster_v1_ClusterDns, ClusterDns__Output as _stevedore_cluster_v1_ClusterDns__Output } from '../../../stevedore/cluster/v1/ClusterDns';
import type { NetworkPolicyRules as _stevedore_cluster_v1_NetworkPolicyRules, NetworkPolicyRules__Output as _stevedore_cluster_v1_NetworkPolicyRules__Output } from '../../../stevedore/cluster/v1/NetworkPolicyRules';
import type { IngressRoutes as _stevedore_cluster_v1_IngressRoutes, IngressRoutes__Output as _stevedore_cluster_v1_IngressRoutes__Output } from '../../../stevedore/cluster/v1/IngressRoutes';

export interface ServerMessage {
  'registered'?: (_stevedore_cluster_v1_Registered | null);
  'snapshot'?: (_stevedore_cluster_v1_PodSnapshot | null);
  'change'?: (_stevedore_cluster_v1_PodChange | null);
  'stream'?: (_stevedore_cluster_v1_StreamRequest | null);
  'peers'?: (_stevedore_cluster_v1_PeerRoutes | null);
  'services'?: (_stevedore_cluster_v1_ServiceProxies | null);
  'resync'?: (_stevedore_cluster_v1_Resync | null);
  'dns'?: (_stevedore_cluster_v1_ClusterDns | null);
  'policies'?: (_stevedore_cluster_v1_NetworkPolicyRules | null);
  'ingress'?: (_stevedore_cluster_v1_IngressRoutes | null);
  'kind'?: "registered"|"snapshot"|"change"|"stream"|"peers"|"services"|"resync"|"dns"|"policies"|"ingress";
}

export interface ServerMessage__Output {
  'registered'?: (_stevedore_cluster_v1_Registered__Output | null);
  'snapshot'?: (_stevedore_cluster_v1_PodSnapshot__Output | null);
  'change'?: (_stevedore_cluster_v1_PodChange__Output | null);
  'stream'?: (_stevedore_cluster_v1_StreamRequest__Output | null);
  'peers'?: (_stevedore_cluster_v1_PeerRoutes__Output | null);
  'services'?: (_stevedore_cluster_v1_ServiceProxies__Output | null);
  'resync'?: (_stevedore_cluster_v1_Resync__Output | null);
  'dns'?: (_stevedore_cluster_v1_ClusterDns__Output | null);
  'policies'?: (_stevedore_cluster_v1_NetworkPolicyRules__Output | null);
  'ingress'?: (_stevedore_cluster_v1_IngressRoutes__Output | null);
  'kind'?: "registered"|"snapshot"|"change"|"stream"|"peers"|"services"|"resync"|"dns"|"policies"|"ingress";
}
