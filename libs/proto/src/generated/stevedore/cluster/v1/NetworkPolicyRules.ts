// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { PolicyTarget as _stevedore_cluster_v1_PolicyTarget, PolicyTarget__Output as _stevedore_cluster_v1_PolicyTarget__Output } from '../../../stevedore/cluster/v1/PolicyTarget';

export interface NetworkPolicyRules {
  'targets'?: (_stevedore_cluster_v1_PolicyTarget)[];
}

export interface NetworkPolicyRules__Output {
  'targets': (_stevedore_cluster_v1_PolicyTarget__Output)[];
}
