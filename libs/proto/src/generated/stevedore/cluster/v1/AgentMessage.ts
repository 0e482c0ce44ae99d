// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { Register as _stevedore_cluster_v1_Register, Register__Output as _stevedore_cluster_v1_Register__Output } from '../../../stevedore/cluster/v1/Register';
import type { Heartbeat as _stevedore_cluster_v1_Heartbeat, Heartbeat__Output as _stevedore_cluster_v1_Heartbeat__Output } from '../../../stevedore/cluster/v1/Heartbeat';
import type { PodStatusReport as _stevedore_cluster_v1_PodStatusReport, PodStatusReport__Output as _stevedore_cluster_v1_PodStatusReport__Output } from '../../../stevedore/cluster/v1/PodStatusReport';
import type { EventReport as _stevedore_cluster_v1_EventReport, EventReport__Output as _stevedore_cluster_v1_EventReport__Output } from '../../../stevedore/cluster/v1/EventReport';
import type { NodeStatusReport as _stevedore_cluster_v1_NodeStatusReport, NodeStatusReport__Output as _stevedore_cluster_v1_NodeStatusReport__Output } from '../../../stevedore/cluster/v1/NodeStatusReport';

export interface AgentMessage {
  'register'?: (_stevedore_cluster_v1_Register | null);
  'heartbeat'?: (_stevedore_cluster_v1_Heartbeat | null);
  'podStatus'?: (_stevedore_cluster_v1_PodStatusReport | null);
  'event'?: (_stevedore_cluster_v1_EventReport | null);
  'nodeStatus'?: (_stevedore_cluster_v1_NodeStatusReport | null);
  'kind'?: "register"|"heartbeat"|"podStatus"|"event"|"nodeStatus";
}

export interface AgentMessage__Output {
  'register'?: (_stevedore_cluster_v1_Register__Output | null);
  'heartbeat'?: (_stevedore_cluster_v1_Heartbeat__Output | null);
  'podStatus'?: (_stevedore_cluster_v1_PodStatusReport__Output | null);
  'event'?: (_stevedore_cluster_v1_EventReport__Output | null);
  'nodeStatus'?: (_stevedore_cluster_v1_NodeStatusReport__Output | null);
  'kind'?: "register"|"heartbeat"|"podStatus"|"event"|"nodeStatus";
}
