// What cluster DNS knows about the cluster: every Service with its ports and, for headless
// Services, the endpoints behind it. The control plane sends these to every node's agent.

export interface DnsPortRecord {
  /** Empty for an unnamed port (no SRV record names it). */
  name: string;
  port: number;
  /** TCP, UDP or SCTP. */
  protocol: string;
}

export interface DnsEndpointRecord {
  ip: string;
  /** The pod's hostname when its subdomain names this Service (StatefulSet members). */
  hostname: string;
  /** The ports this endpoint serves (a headless Service's SRV records point at them). */
  ports: DnsPortRecord[];
}

export interface DnsServiceRecord {
  namespace: string;
  name: string;
  /** A ClusterIP Service's address; empty or "None" for a headless one. */
  clusterIp: string;
  /** Set for ExternalName Services: the name their records are a CNAME to. */
  externalName: string;
  ports: DnsPortRecord[];
  /** Endpoints that answer for a headless Service (ready ones, or all when it publishes not-ready addresses). */
  endpoints: DnsEndpointRecord[];
}

export function isHeadless(service: DnsServiceRecord): boolean {
  return !service.externalName && (!service.clusterIp || service.clusterIp === 'None');
}
