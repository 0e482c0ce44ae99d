// How a control plane is started. The fields set by flags take their defaults from the options
// table (options.ts); the others are fixed here.
import { defaultsOf } from '@stevedore/options';
import { CONTROL_PLANE_OPTIONS } from './options';

/** Every field has a default in `resolveConfig`. */
export interface ControlPlaneConfig {
  dataDir: string;
  /** Address the HTTPS API and the agent gateway bind to. */
  bindAddress: string;
  apiPort: number;
  /** Extra names/addresses for the serving certificate (e.g. a host's 198.18.x.y). */
  advertiseAddresses: string[];
  /** etcd client URLs; empty = use the in-process store (tests only). */
  etcdEndpoints: string[];
  /** etcd's CA and our client certificate and key (files), for an etcd that requires them. */
  etcdCafile?: string;
  etcdCertfile?: string;
  etcdKeyfile?: string;
  /** kube-apiserver's EncryptionConfiguration file; unset means objects are stored unencrypted. */
  encryptionProviderConfig?: string;
  /** Port of the agent gateway (gRPC over TLS) that node agents connect to. */
  agentPort: number;
  /** Pod addresses for the whole cluster; each node gets a /nodeCidrMaskSize slice of it. */
  clusterCidr: string;
  nodeCidrMaskSize: number;
  /** Cluster IPs of Services; node ports come from nodePortRange (inclusive). */
  serviceCidr: string;
  nodePortRange: { first: number; last: number };
  /** The kube-dns Service's address (pods' nameserver); unset means the tenth address of serviceCidr. */
  clusterDns?: string;
  /** LoadBalancer Services get one address each from this range; unset means the ready nodes' addresses. */
  loadBalancerPool?: string;
  /** Domain of the cluster's DNS names (Kubernetes: cluster.local). */
  clusterDomain: string;
  /** A node whose lease is older than this becomes NotReady (Kubernetes: 40-50 s). */
  nodeMonitorGracePeriodSeconds: number;
  /** Pods on an unreachable node without their own toleration are evicted after this (Kubernetes: 300 s). */
  podEvictionTimeoutSeconds: number;
  /** How often each HorizontalPodAutoscaler is synced (Kubernetes: 15 s). */
  hpaSyncPeriodSeconds: number;
  /** Scale-down stabilization window of autoscalers whose behavior sets none (Kubernetes: 300 s). */
  hpaDownscaleStabilizationSeconds: number;
  /** Events are deleted this long after their last occurrence (Kubernetes: 1 h). */
  eventTtlSeconds: number;
  /** Requests served at once before 429 Too Many Requests (watches and streams not counted). */
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  /** Singletons (scheduler, controllers) run only while this control plane holds their Lease (kube-system). */
  leaderElect: boolean;
  /** Leader election's timings (Kubernetes: 15 s, 10 s, 2 s); the renew deadline must be less than the lease. */
  leaderElectLeaseDurationSeconds: number;
  leaderElectRenewDeadlineSeconds: number;
  leaderElectRetryPeriodSeconds: number;
  /** When set, /metrics is also served without authentication on http://127.0.0.1:PORT (0 = any free port). */
  readOnlyMetricsPort?: number;
  /** The audit policy file and log (auditing is on when both are set), rotated by size, as kube-apiserver. */
  auditPolicyFile?: string;
  auditLogPath?: string;
  auditLogMaxSize: number;
  auditLogMaxBackup: number;
  auditLogMaxAge: number;
  /** The front proxy's client certificate, key and CA (files), instead of the ones made in the data dir. */
  proxyClientCertFile?: string;
  proxyClientKeyFile?: string;
  requestheaderClientCaFile?: string;
  /** Common names a front-proxy certificate may have (empty: any the requestheader CA signed). */
  requestheaderAllowedNames: string[];
  /** The Kubernetes version we report (kubectl picks behaviour by it). */
  kubernetesVersion: { major: string; minor: string; gitVersion: string };
}

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

/** The options' defaults, then the fields no flag sets, then what the caller gives (a data dir at least: code never falls back to ~/.stevedore). */
export function resolveConfig(partial: Partial<ControlPlaneConfig> & { dataDir: string }): ControlPlaneConfig {
  return {
    ...defaultsOf(CONTROL_PLANE_OPTIONS),
    advertiseAddresses: [],
    kubernetesVersion: KUBERNETES_VERSION,
    nodeCidrMaskSize: 24,
    eventTtlSeconds: 3600,
    nodePortRange: { first: 30000, last: 32767 },
    ...partial,
  };
}
