// Public API of @stevedore/gateway: where node agents connect to the control plane.

export { peerRoutes, serviceProxies } from './cluster-feeds';
export { clusterDns } from './dns-feed';
export type { GatewayOptions } from './gateway-server';
export { AgentGateway, GATEWAY_CHANNEL_OPTIONS } from './gateway-server';
export type { IngressSources } from './ingress-feed';
export { ingressRoutes } from './ingress-feed';
export { NetworkPolicyFeed } from './network-policy-feed';
export type { PolicyInputs } from './network-policy-rules';
export { policyTargetsByNode } from './network-policy-rules';
export type { NodeDocument } from './node-metrics';
export { NODE_METRICS_PATHS, readNodeDocument } from './node-metrics';
export { LEASE_NAMESPACE, microTime } from './node-records';
export { resyncRecoveredNodes } from './node-resync';
export { TunnelledPodStreams } from './node-streams';
export { NodeTokens } from './node-tokens';
export { PodCidrAllocator } from './pod-cidrs';
export { PodRouter } from './pod-router';
export type { PodTokenIssuer } from './pod-token';
export type { TunnelCall } from './tunnels';
