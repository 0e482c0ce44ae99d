// Original file: proto/stevedore/node/v1/node.proto

import type { ContainerSummary as _stevedore_node_v1_ContainerSummary, ContainerSummary__Output as _stevedore_node_v1_ContainerSummary__Output } from '../../../stevedore/node/v1/ContainerSummary';

export interface ListContainersResponse {
  'containers'?: (_stevedore_node_v1_ContainerSummary)[];
}

export interface ListContainersResponse__Output {
  'containers': (_stevedore_node_v1_ContainerSummary__Output)[];
}
