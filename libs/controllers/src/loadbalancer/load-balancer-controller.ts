// Keeps `status.loadBalancer` of LoadBalancer Services (the built-in allocator) and of the
// Ingresses the built-in ingress controller serves. One key for everything: pool allocation
// looks at every Service at once, and node changes touch every status.
import {
  type Cidr,
  ingresses as INGRESSES,
  type Ingress,
  type IngressClass,
  isNotFound,
  type Node,
  services as SERVICES,
  type Service,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { merge, type Subscription } from 'rxjs';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { isOurIngress, ourClassNames } from './ingress-classes';
import { planLoadBalancers } from './load-balancer-plan';

export interface LoadBalancerInformers {
  services: Informer<Service>;
  ingresses: Informer<Ingress>;
  ingressClasses: Informer<IngressClass>;
  nodes: Informer<Node>;
}

const ALL = 'all';

export class LoadBalancerController {
  private readonly log = logger('load-balancer-controller');
  readonly queue = new WorkQueue(() => this.reconcile(), this.log, 1);
  private readonly subscription: Subscription;

  /** `pool`: hand each LoadBalancer Service an address of its own from this range, not the node addresses. */
  constructor(
    private readonly registry: ObjectRegistry,
    private readonly informers: LoadBalancerInformers,
    private readonly pool?: Cidr,
  ) {
    const { services, ingresses, ingressClasses, nodes } = informers;
    this.subscription = merge(services.events, ingresses.events, ingressClasses.events, nodes.events).subscribe(() => this.queue.add(ALL));
    this.queue.add(ALL);
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.queue.stop();
  }

  private async reconcile(): Promise<void> {
    const ours = ourClassNames(this.informers.ingressClasses.list());
    const plan = planLoadBalancers({
      services: this.informers.services.list(),
      ingresses: this.informers.ingresses.list().filter((i) => isOurIngress(i, ours)),
      nodes: this.informers.nodes.list(),
      pool: this.pool,
    });
    const writes = [
      ...plan.services.map((s) => ({ resource: SERVICES, ...s })),
      ...plan.ingresses.map((i) => ({ resource: INGRESSES, ...i })),
    ];
    for (const w of writes) {
      const patch = { status: { loadBalancer: { ingress: w.ingress } } };
      await this.registry.patch(w.resource, w.namespace, w.name, 'merge', patch, { subresource: 'status' }).catch((err) => {
        // Deleted since the cache saw it: nothing to do.
        if (!isNotFound(err)) throw err;
      });
      this.log.debug('set load balancer addresses', { object: `${w.namespace}/${w.name}`, kind: w.resource.kind, ingress: w.ingress });
    }
  }
}
