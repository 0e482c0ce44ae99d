// Public API of @stevedore/ingress: the built-in ingress controller's proxy, as every node runs it.
export type { Certificate } from './certificates';
export { CertificateStore } from './certificates';
export type { IngressListen } from './ingress-proxy';
export { IngressProxy } from './ingress-proxy';
export { IngressThread } from './ingress-thread';
export type { Route } from './route-table';
export { hostOnly, RouteTable } from './route-table';
