// The built-in ingress controller on this node: an HTTP and an HTTPS reverse proxy on the node's
// address (ports 80 and 443 unless configured; 0 turns one off) serving the Ingresses of the
// `stevedore.io/ingress` classes that the control plane sends. Every node runs one, as k3s runs
// its ingress controller as a DaemonSet behind ServiceLB, so any node's address reaches every
// Ingress; a port another process holds is logged and left off, and the node runs on without it.
import { IngressThread } from '@stevedore/ingress';
import type { Logger } from '@stevedore/log';
import type { IngressRoutes } from '@stevedore/proto';

export interface NodeIngressOptions {
  address: string;
  httpPort: number;
  httpsPort: number;
  log: Logger;
}

export class NodeIngress {
  /** In a thread of its own, so requests never wait behind the control plane's work in `up`. */
  private readonly proxy: IngressThread;

  constructor(private readonly options: NodeIngressOptions) {
    this.proxy = new IngressThread(options.log);
  }

  async start(): Promise<void> {
    const { address, httpPort, httpsPort, log } = this.options;
    // Each port on its own, so one held by another program does not take the other down.
    for (const [scheme, port] of [
      ['http', httpPort],
      ['https', httpsPort],
    ] as const) {
      if (!port) continue;
      await this.proxy
        .listen({ address, httpPort: scheme === 'http' ? port : 0, httpsPort: scheme === 'https' ? port : 0 })
        .catch((err) => log.error('cannot serve ingress on this node', { scheme, address, port, err }));
    }
  }

  update(config: IngressRoutes): void {
    this.proxy.update(config.routes, config.certificates);
  }

  stop(): Promise<void> {
    return this.proxy.stop();
  }
}
