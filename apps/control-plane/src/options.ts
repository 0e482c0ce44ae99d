// The control plane's command-line options, declared once: `stevedore control-plane` and
// `stevedore up` build their flags from this table, and resolveConfig its defaults.
import {
  cidr,
  DATA_DIR_OPTION,
  dnsSubdomain,
  filePath,
  integer,
  ipAddress,
  listenPort,
  type OptionValues,
  oneOf,
  option,
  optional,
  port,
  seconds,
  urlList,
} from '@stevedore/options';

const WHOLE_NUMBER = integer(0, Number.MAX_SAFE_INTEGER, 'a whole number (0 or more)');

export const CONTROL_PLANE_OPTIONS = {
  /** @default $STEVEDORE_DATA_DIR, else ~/.stevedore */
  dataDir: DATA_DIR_OPTION,
  /** @default 127.0.0.1 */
  bindAddress: option({
    flag: '--bind-address <ip>',
    help: 'address the API and the agent gateway serve on',
    parse: ipAddress,
    default: '127.0.0.1',
  }),
  /** @default 6443 */
  apiPort: option({ flag: '--api-port <port>', help: 'HTTPS port of the Kubernetes API', parse: port, default: 6443 }),
  /** @default 6444 */
  agentPort: option({ flag: '--agent-port <port>', help: 'port node agents connect to', parse: port, default: 6444 }),
  /** @default none: an in-process store (tests only; `up` starts an etcd instead) */
  etcdEndpoints: option({ flag: '--etcd-endpoints <urls>', help: 'etcd client URLs, comma-separated', parse: urlList, default: [] }),
  /** @default the system's roots (for https endpoints) */
  etcdCafile: optional({ flag: '--etcd-cafile <file>', help: "CA that signed etcd's serving certificate", parse: filePath }),
  /** @default none: no client certificate */
  etcdCertfile: optional({ flag: '--etcd-certfile <file>', help: 'client certificate to present to etcd', parse: filePath }),
  /** @default none: no client certificate */
  etcdKeyfile: optional({ flag: '--etcd-keyfile <file>', help: 'key of --etcd-certfile', parse: filePath }),
  /** @default none: objects are stored unencrypted */
  encryptionProviderConfig: optional({
    flag: '--encryption-provider-config <file>',
    help: "encrypt resources at rest as kube-apiserver's EncryptionConfiguration file says (aescbc, aesgcm, secretbox, identity)",
    parse: filePath,
  }),
  /** @default 198.19.0.0/16: a benchmarking range, never a real network's */
  clusterCidr: option({
    flag: '--cluster-cidr <cidr>',
    help: 'pod addresses of the cluster; each node gets a /24 of it',
    parse: cidr,
    default: '198.19.0.0/16',
  }),
  /** @default 198.18.128.0/17: the upper half of 198.18.0.0/16 (simulated hosts use the lower half) */
  serviceCidr: option({ flag: '--service-cidr <cidr>', help: 'cluster IPs of Services', parse: cidr, default: '198.18.128.0/17' }),
  /** @default the tenth address of --service-cidr (198.18.128.10), as kubeadm picks */
  clusterDns: optional({
    flag: '--cluster-dns <ip>',
    help: "address of the kube-dns Service, every pod's nameserver (each node answers it locally)",
    parse: ipAddress,
  }),
  /** @default none: LoadBalancer Services get the ready nodes' addresses, as k3s' ServiceLB */
  loadBalancerPool: optional({
    flag: '--load-balancer-pool <cidr>',
    help: "give each LoadBalancer Service an address of its own from this range (every node proxies it) instead of the nodes' addresses",
    parse: cidr,
  }),
  /** @default cluster.local */
  clusterDomain: option({
    flag: '--cluster-domain <domain>',
    help: 'DNS domain of Services and pods',
    parse: dnsSubdomain,
    default: 'cluster.local',
  }),
  /** @default 40 (Kubernetes: 40-50 s) */
  nodeMonitorGracePeriodSeconds: option({
    flag: '--node-monitor-grace-period <seconds>',
    help: 'a node silent this long becomes NotReady; agents renew their lease 4 times per period',
    parse: seconds(2),
    default: 40,
    defaultHelp: '40, as Kubernetes',
  }),
  /** @default 300 (as Kubernetes) */
  podEvictionTimeoutSeconds: option({
    flag: '--pod-eviction-timeout <seconds>',
    help: 'pods on a NotReady node are replaced after this',
    parse: seconds(0),
    default: 300,
    defaultHelp: '300, as Kubernetes',
  }),
  /** @default 15 (as Kubernetes) */
  hpaSyncPeriodSeconds: option({
    flag: '--horizontal-pod-autoscaler-sync-period <seconds>',
    help: 'how often each HorizontalPodAutoscaler reads its metrics and rescales its target',
    parse: seconds(1),
    default: 15,
    defaultHelp: '15, as Kubernetes',
  }),
  /** @default 300 (as Kubernetes) */
  hpaDownscaleStabilizationSeconds: option({
    flag: '--horizontal-pod-autoscaler-downscale-stabilization <seconds>',
    help: 'an autoscaler scales down only to the highest replica count it recommended this long (unless its behavior sets a window)',
    parse: seconds(0),
    default: 300,
    defaultHelp: '300, as Kubernetes',
  }),
  /** @default 400 (as Kubernetes) */
  maxRequestsInflight: option({
    flag: '--max-requests-inflight <count>',
    help: 'read requests served at once before 429 Too Many Requests (watches and streams not counted)',
    parse: integer(1, 100_000, 'a whole number from 1'),
    default: 400,
    defaultHelp: '400, as Kubernetes',
  }),
  /** @default 200 (as Kubernetes) */
  maxMutatingRequestsInflight: option({
    flag: '--max-mutating-requests-inflight <count>',
    help: 'writes served at once before 429 Too Many Requests',
    parse: integer(1, 100_000, 'a whole number from 1'),
    default: 200,
    defaultHelp: '200, as Kubernetes',
  }),
  /** @default true (as kube-controller-manager and kube-scheduler) */
  leaderElect: option({
    flag: '--leader-elect <true|false>',
    help: 'run the scheduler and controllers only while holding their Lease in kube-system, so several control planes can share one etcd',
    parse: (text) => oneOf(['true', 'false'] as const)(text) === 'true',
    default: true,
  }),
  /** @default 15 (as Kubernetes) */
  leaderElectLeaseDurationSeconds: option({
    flag: '--leader-elect-lease-duration <seconds>',
    help: 'how long the other candidates wait after the last renewal they saw before taking the lease',
    parse: seconds(1),
    default: 15,
    defaultHelp: '15, as Kubernetes',
  }),
  /** @default 10 (as Kubernetes) */
  leaderElectRenewDeadlineSeconds: option({
    flag: '--leader-elect-renew-deadline <seconds>',
    help: 'a leader that has not renewed for this long stops its scheduler and controllers (less than the lease duration)',
    parse: seconds(1),
    default: 10,
    defaultHelp: '10, as Kubernetes',
  }),
  /** @default 2 (as Kubernetes) */
  leaderElectRetryPeriodSeconds: option({
    flag: '--leader-elect-retry-period <seconds>',
    help: 'how often candidates try to take the lease, and the leader renews it',
    parse: seconds(1),
    default: 2,
    defaultHelp: '2, as Kubernetes',
  }),
  /** @default none: /metrics needs the bearer token */
  readOnlyMetricsPort: optional({
    flag: '--read-only-metrics-port <port>',
    help: "also serve the control plane's /metrics without a token on 127.0.0.1:PORT",
    parse: listenPort,
  }),
  /** @default none: no audit log (it needs both the policy and the log path) */
  auditPolicyFile: optional({
    flag: '--audit-policy-file <file>',
    help: 'audit.k8s.io/v1 Policy deciding which requests the audit log records, and how much of them',
    parse: filePath,
  }),
  /** @default none: no audit log */
  auditLogPath: optional({
    flag: '--audit-log-path <file>',
    help: "write audit events here, one JSON line each ('-' for standard output)",
    parse: (text) => (text === '-' ? text : filePath(text)),
  }),
  /** @default 0: rotate at 100 MB, as kube-apiserver */
  auditLogMaxSize: option({
    flag: '--audit-log-maxsize <MB>',
    help: 'megabytes the audit log reaches before it is rotated',
    parse: WHOLE_NUMBER,
    default: 0,
    defaultHelp: '0 = 100 MB',
  }),
  /** @default 0: keep every rotated file */
  auditLogMaxBackup: option({
    flag: '--audit-log-maxbackup <count>',
    help: 'rotated audit log files to keep',
    parse: WHOLE_NUMBER,
    default: 0,
    defaultHelp: '0 = all',
  }),
  /** @default 0: keep rotated files whatever their age */
  auditLogMaxAge: option({
    flag: '--audit-log-maxage <days>',
    help: 'days to keep rotated audit log files, by the time in their names',
    parse: WHOLE_NUMBER,
    default: 0,
    defaultHelp: '0 = no limit',
  }),
  /** @default none: a front-proxy CA and client certificate made in the data dir */
  proxyClientCertFile: optional({
    flag: '--proxy-client-cert-file <file>',
    help: 'client certificate presented to aggregated API servers (with --proxy-client-key-file and --requestheader-client-ca-file)',
    parse: filePath,
  }),
  /** @default none: the data dir's front-proxy-client.key */
  proxyClientKeyFile: optional({ flag: '--proxy-client-key-file <file>', help: 'key of --proxy-client-cert-file', parse: filePath }),
  /** @default none: the data dir's front-proxy-ca.crt */
  requestheaderClientCaFile: optional({
    flag: '--requestheader-client-ca-file <file>',
    help: 'CA whose client certificates may tell who asks in X-Remote-User headers (the one that signed --proxy-client-cert-file)',
    parse: filePath,
  }),
  /** @default front-proxy-client */
  requestheaderAllowedNames: option({
    flag: '--requestheader-allowed-names <names>',
    help: 'common names a front proxy certificate may have, comma-separated (empty: any the CA signed)',
    parse: (text) =>
      text
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    default: ['front-proxy-client'],
  }),
};

export type ControlPlaneOptions = OptionValues<typeof CONTROL_PLANE_OPTIONS>;
