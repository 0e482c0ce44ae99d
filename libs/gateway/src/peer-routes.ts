// Every node's pod range and host address, as agents need them to route pod traffic between
// hosts. Derived from the node informer, emitted whole whenever any route changes.
import { auditTime, BehaviorSubject, concat, Observable, skip, Subscription, take } from 'rxjs';
import type { ApiObject } from '@stevedore/apiserver';
import type { Informer } from '@stevedore/controllers';
import type { PeerRoute } from '@stevedore/proto';


export function routeOf(node: ApiObject): PeerRoute | undefined {
  const podCidr = node.spec?.podCIDR as string | undefined;
  const addresses = (node.status?.addresses ?? []) as { type: string; address: string }[];
  const hostIp = addresses.find((a) => a.type === 'InternalIP')?.address;
  return podCidr && hostIp ? { nodeName: node.metadata.name, podCidr, hostIp } : undefined;
}

export class PeerRoutes {
  private readonly all = new BehaviorSubject<PeerRoute[]>([]);
  private readonly subscription: Subscription;

  constructor(private readonly nodes: Informer) {
    this.refresh();
    this.subscription = nodes.events.subscribe(() => this.refresh());
  }

  /**
   * The current routes, then changes at most once a second: when many nodes join at once every
   * session would otherwise receive the whole list once per joining node.
   */
  get routes$(): Observable<PeerRoute[]> {
    return concat(this.all.pipe(take(1)), this.all.pipe(skip(1), auditTime(1000)));
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private refresh(): void {
    const routes = this.nodes.list().map(routeOf).filter((r): r is PeerRoute => !!r);
    routes.sort((a, b) => a.nodeName.localeCompare(b.nodeName));
    if (JSON.stringify(routes) !== JSON.stringify(this.all.value)) this.all.next(routes);
  }
}
