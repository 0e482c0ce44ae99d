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
  /** The Kubernetes version we report (kubectl picks behaviour by it). */
  kubernetesVersion: { major: string; minor: string; gitVersion: string };
}

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };
