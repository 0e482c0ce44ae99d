// What a pod worker needs from its node: the runtime, the image store, the pod network, the
// configuration it may read, and where its reports go.
import type { ClusterDnsConfig, ResolvConf } from '@stevedore/dns';
import type { Logger } from '@stevedore/log';
import type { PodNetwork } from '@stevedore/network';
import type { ImageService } from '@stevedore/oci';
import type { ContainerRuntime } from '@stevedore/runtime';
import type { ConfigSource } from './env';
import type { Obj } from './pod-status';
import type { ServicePortEntry } from './service-env';
import type { StartSlots } from './start-slots';

export interface PodHost {
  runtime: ContainerRuntime;
  images: ImageService;
  /** Undefined on hollow nodes: pods get no network namespace of their own. */
  network?: PodNetwork;
  config: ConfigSource;
  /** The cluster's Service ports as last sent by the control plane (for Service env vars). */
  services?: () => ServicePortEntry[];
  nodeName: string;
  hostIP: string;
  /** Pods' resolvers: the cluster's nameserver and domain (once known) and the node's own resolv.conf. */
  dns?: { cluster?: ClusterDnsConfig; node: ResolvConf };
  /** Parent folder of each pod's own folder (volumes, /etc files). */
  podsDir: string;
  /** Where Localhost seccomp profiles are read from (<data-dir>/seccomp). */
  seccompDir?: string;
  /** Bounds the pods being started at once (sandbox and container starts); unbounded when absent. */
  startSlots?: StartSlots;
  /** Restart and pull back-off: first delay and cap (Kubernetes: 10 s and 300 s). */
  backoff: { baseMs: number; capMs: number };
  reportStatus(pod: Obj, status: Obj): void;
  reportTerminated(pod: Obj): void;
  event(pod: Obj, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
  log: Logger;
}

/** Labels that tie a runtime container to its pod, so a restarted agent can re-adopt it. */
export const LABELS = {
  podUid: 'io.stevedore.pod.uid',
  podName: 'io.stevedore.pod.name',
  podNamespace: 'io.stevedore.pod.namespace',
  container: 'io.stevedore.container.name',
  attempt: 'io.stevedore.container.attempt',
} as const;

/** The back-off before restart number `level` (0 = immediately), doubling up to the cap. */
export function backoffDelay(level: number, backoff: PodHost['backoff']): number {
  if (level <= 0) return 0;
  return Math.min(backoff.baseMs * 2 ** (level - 1), backoff.capMs);
}
