// Public API of @stevedore/agent: the node's services and their gRPC server and client.
export { NodeServices } from './node-services';
export type { CreateOptions, ContainerWithSize } from './node-services';
export { mergeProcess, mergeEnv, generateName } from './container-config';
export { AgentServer, CHANNEL_OPTIONS } from './grpc/agent-server';
export { AgentClient } from './grpc/agent-client';
