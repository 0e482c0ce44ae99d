// Public API of @stevedore/agent: the node's services and their gRPC server and client.

export type { ClusterAgentOptions } from './cluster/cluster-agent';
export { ClusterAgent } from './cluster/cluster-agent';
export type { DesiredPods, GatewayClientOptions } from './cluster/gateway-client';
export { AGENT_CHANNEL_OPTIONS, GatewayClient } from './cluster/gateway-client';
export { AGENT_VERSION, defaultHostIP, describeNode } from './cluster/node-description';
export { generateName, mergeEnv, mergeProcess } from './container-config';
export { AgentClient } from './grpc/agent-client';
export { AgentServer, CHANNEL_OPTIONS } from './grpc/agent-server';
export type { HollowNodeOptions } from './hollow/hollow-node';
export { startHollowNode } from './hollow/hollow-node';
export type { ContainerWithSize, CreateOptions } from './node-services';
export { NodeServices } from './node-services';
export type { PodHost } from './pods/pod-host';
export { LABELS as POD_LABELS } from './pods/pod-host';
export { PodManager } from './pods/pod-manager';
export type { NodeFootprint } from './teardown/node-footprint';
export { recordFootprint } from './teardown/node-footprint';
export type { TeardownReport } from './teardown/node-teardown';
export { tearDownNode } from './teardown/node-teardown';
