// Public API of @stevedore/dns: cluster DNS as every node's agent serves it.
export type { DnsEndpointRecord, DnsPortRecord, DnsServiceRecord } from './cluster-records';
export { isHeadless } from './cluster-records';
export type { ZoneAnswer } from './cluster-zone';
export { ClusterZone, TTL } from './cluster-zone';
export type { AnswerSource } from './dns-metrics';
export { DnsMetrics } from './dns-metrics';
export type { DnsServerOptions } from './dns-server';
export { DnsServer } from './dns-server';
export type { ForwarderOptions, Upstream } from './forwarder';
export { Forwarder } from './forwarder';
