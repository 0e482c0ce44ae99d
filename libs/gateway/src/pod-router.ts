// Routes pod changes to the node each pod is bound to, from one shared pod informer, so a
// thousand node sessions cost one watch. A pod moving off a node (or deleted) reaches that
// node as DELETED.
import { Observable, Subject, filter, map } from 'rxjs';
import type { ApiObject } from '@stevedore/apiserver';
import type { Informer, InformerEvent } from '@stevedore/controllers';

export interface NodePodChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  pod: ApiObject;
}

interface Routed extends NodePodChange {
  node: string;
}

export class PodRouter {
  private readonly routed = new Subject<Routed>();
  private readonly byNode = new Map<string, Map<string, ApiObject>>();

  constructor(pods: Informer) {
    for (const pod of pods.list()) this.index(pod);
    pods.events.subscribe((event) => this.route(event));
  }

  /** The node's pods now, and every later change, with nothing lost in between. */
  follow(node: string): { snapshot: ApiObject[]; changes: Observable<NodePodChange> } {
    const snapshot = [...(this.byNode.get(node)?.values() ?? [])];
    const changes = this.routed.pipe(filter((r) => r.node === node), map(({ type, pod }) => ({ type, pod })));
    return { snapshot, changes };
  }

  podsOn(node: string): ApiObject[] {
    return [...(this.byNode.get(node)?.values() ?? [])];
  }

  private route({ type, object, old }: InformerEvent): void {
    const before = old?.spec?.nodeName as string | undefined;
    const after = type === 'DELETED' ? undefined : (object.spec?.nodeName as string | undefined);
    if (before && before !== after) {
      this.unindex(before, object);
      this.routed.next({ node: before, type: 'DELETED', pod: object });
    }
    if (after) {
      this.index(object);
      this.routed.next({ node: after, type: before === after ? 'MODIFIED' : 'ADDED', pod: object });
    }
  }

  private index(pod: ApiObject): void {
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    if (!this.byNode.has(node)) this.byNode.set(node, new Map());
    this.byNode.get(node)!.set(pod.metadata.uid, pod);
  }

  private unindex(node: string, pod: ApiObject): void {
    this.byNode.get(node)?.delete(pod.metadata.uid);
  }
}
