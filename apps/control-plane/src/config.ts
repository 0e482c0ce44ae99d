/** How a control plane is started; every field has a default in `resolveConfig`. */
export interface ControlPlaneConfig {
  dataDir: string;
  /** Address the HTTPS API binds to (127.0.0.1 by default). */
  bindAddress: string;
  apiPort: number;
  /** Extra names/addresses for the serving certificate (e.g. a host's 198.18.x.y). */
  advertiseAddresses: string[];
  /** etcd client URLs; empty = use the in-process store (tests only). */
  etcdEndpoints: string[];
  /** Port of the agent gateway (gRPC over TLS) that node agents connect to. */
  agentPort: number;
  /** Pod addresses for the whole cluster; each node gets a /nodeCidrMaskSize slice of it. */
  clusterCidr: string;
  nodeCidrMaskSize: number;
  /** Cluster IPs of Services; node ports come from nodePortRange (inclusive). */
  serviceCidr: string;
  nodePortRange: { first: number; last: number };
  /** A node whose lease is older than this becomes NotReady (Kubernetes: 40-50 s). */
  nodeMonitorGracePeriodSeconds: number;
  /** Pods on an unreachable node without their own toleration are evicted after this (Kubernetes: 300 s). */
  podEvictionTimeoutSeconds: number;
  /** Events are deleted this long after their last occurrence (Kubernetes: 1 h). */
  eventTtlSeconds: number;
  /** Requests served at once before 429 Too Many Requests (watches and streams not counted). */
  inflightLimits: { readonly: number; mutating: number };
  /** When set, /metrics is also served without authentication on http://127.0.0.1:PORT (0 = any free port). */
  readOnlyMetricsPort?: number;
  /** The Kubernetes version we report (kubectl picks behaviour by it). */
  kubernetesVersion: { major: string; minor: string; gitVersion: string };
}

/** Pods use 198.19.0.0/16 by default: a benchmarking range, never a real network's. */
export const DEFAULT_CLUSTER_CIDR = '198.19.0.0/16';

/** Service IPs come from the upper half of 198.18.0.0/16; simulated hosts use the lower half. */
export const DEFAULT_SERVICE_CIDR = '198.18.128.0/17';

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };
