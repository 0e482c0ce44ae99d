// Public API of @stevedore/network: pod network namespaces wired with CNI plugins.

export type { CniInvocation, CniResult } from './cni';
export { CniError, DEFAULT_CNI_PATH, invokeList, invokePlugin } from './cni';
export { removeChains } from './iptables';
export { NetworkPolicyEnforcer } from './network-policy';
export type { PeerRoute } from './node-routes';
export { NodeRoutes, ROUTE_PROTOCOL } from './node-routes';
export type { PodNetworkConfig, PodSandboxNetwork, PortMapping } from './pod-network';
export { netnsNameFor, PodNetwork } from './pod-network';
export type { PolicyAllow, PolicyTarget } from './policy-rules';
export { renderPolicyRules } from './policy-rules';
export type { ProxiedService } from './service-proxy';
export { renderRules, ServiceProxy, serviceChainPrefix } from './service-proxy';
