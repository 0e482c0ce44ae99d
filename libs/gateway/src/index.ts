// Public API of @stevedore/gateway: where node agents connect to the control plane.
export { AgentGateway, GATEWAY_CHANNEL_OPTIONS } from './gateway-server';
export type { GatewayOptions } from './gateway-server';
export { NodeTokens } from './node-tokens';
export { PodRouter } from './pod-router';
export { TunnelledPodStreams } from './node-streams';
export type { TunnelCall } from './tunnels';
export { LEASE_NAMESPACE, microTime } from './node-records';
export { PodCidrAllocator } from './pod-cidrs';
export { peerRoutes, serviceProxies } from './cluster-feeds';
export { resyncRecoveredNodes } from './node-resync';
export { readNodeDocument, NODE_METRICS_PATHS } from './node-metrics';
export type { NodeDocument } from './node-metrics';
