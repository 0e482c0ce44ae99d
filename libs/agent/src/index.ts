// Public API of @stevedore/agent: the node's services and their gRPC server and client.
export { NodeServices } from './node-services';
export type { CreateOptions, ContainerWithSize } from './node-services';
export { mergeProcess, mergeEnv, generateName } from './container-config';
export { AgentServer, CHANNEL_OPTIONS } from './grpc/agent-server';
export { AgentClient } from './grpc/agent-client';
export { ClusterAgent } from './cluster/cluster-agent';
export { startHollowNode } from './hollow/hollow-node';
export type { HollowNodeOptions } from './hollow/hollow-node';
export type { ClusterAgentOptions } from './cluster/cluster-agent';
export { GatewayClient, AGENT_CHANNEL_OPTIONS } from './cluster/gateway-client';
export type { DesiredPods, GatewayClientOptions } from './cluster/gateway-client';
export { describeNode, defaultHostIP, AGENT_VERSION } from './cluster/node-description';
export { PodManager } from './pods/pod-manager';
export { LABELS as POD_LABELS } from './pods/pod-host';
export type { PodHost } from './pods/pod-host';
