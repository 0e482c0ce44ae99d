// The control plane's named health checks, as kube-apiserver names them: `ping` (the process
// answers), `etcd` (the store answers within 2 s, so a dead or hung etcd shows here instead of
// every request failing behind an `ok`), and for /readyz only `shutdown` (false once stopping,
// so load balancers stop sending before the listener closes).
import { type HealthCheck, withTimeout } from '@stevedore/apiserver';
import type { Store } from '@stevedore/store';

const ETCD_TIMEOUT_MS = 2000;

export class ControlPlaneHealth {
  private stopping = false;

  constructor(private readonly store: Store) {}

  /** From here on /readyz fails its `shutdown` check. */
  markStopping(): void {
    this.stopping = true;
  }

  /** /livez and /healthz. */
  liveness(): HealthCheck[] {
    return [{ name: 'ping', check: async () => undefined }, withTimeout('etcd', ETCD_TIMEOUT_MS, () => this.store.currentRevision())];
  }

  /** /readyz. */
  readiness(): HealthCheck[] {
    const shutdown: HealthCheck = {
      name: 'shutdown',
      check: async () => {
        if (this.stopping) throw new Error('the server is shutting down');
      },
    };
    return [...this.liveness(), shutdown];
  }
}
