// Public API of @stevedore/network: pod network namespaces wired with CNI plugins.
export { invokePlugin, invokeList, CniError, DEFAULT_CNI_PATH } from './cni';
export type { CniInvocation, CniResult } from './cni';
export { PodNetwork, netnsNameFor } from './pod-network';
export type { PodNetworkConfig, PortMapping, PodSandboxNetwork } from './pod-network';
export { NodeRoutes, ROUTE_PROTOCOL } from './node-routes';
export type { PeerRoute } from './node-routes';
export { ServiceProxy, renderRules, removeChains, serviceChainPrefix } from './service-proxy';
export type { ProxiedService } from './service-proxy';
