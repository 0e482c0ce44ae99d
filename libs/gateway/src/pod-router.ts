// Routes pod changes to the node each pod is bound to, from one shared pod informer, so a
// thousand node sessions cost one watch. A pod moving off a node (or deleted) reaches that
// node as DELETED. A change to a pod's status alone is not sent: mostly it is the node's own
// report coming back, and a node acts only on the spec, labels, annotations and deletion (the
// kubelet, too, ignores status-only updates of its pods).

import type { ApiObject } from '@stevedore/apiserver';
import type { Informer, InformerEvent } from '@stevedore/controllers';
import { Observable, Subject } from 'rxjs';

export interface NodePodChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  pod: ApiObject;
}

export class PodRouter {
  /** One subject per node with followers: an event costs one lookup, not one filter per session. */
  private readonly followers = new Map<string, { subject: Subject<NodePodChange>; count: number }>();
  private readonly byNode = new Map<string, Map<string, ApiObject>>();

  constructor(pods: Informer) {
    for (const pod of pods.list()) this.index(pod);
    pods.events.subscribe((event) => this.route(event));
  }

  /** The node's pods now, and every later change, with nothing lost in between. */
  follow(node: string): { snapshot: ApiObject[]; changes: Observable<NodePodChange> } {
    const snapshot = [...(this.byNode.get(node)?.values() ?? [])];
    const changes = new Observable<NodePodChange>((subscriber) => {
      const entry = this.followers.get(node) ?? { subject: new Subject<NodePodChange>(), count: 0 };
      this.followers.set(node, entry);
      entry.count++;
      const inner = entry.subject.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        if (--entry.count === 0) this.followers.delete(node);
      };
    });
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
      this.tell(before, { type: 'DELETED', pod: object });
    }
    if (after) {
      this.index(object);
      if (before === after && old && !concernsNode(old, object)) return;
      this.tell(after, { type: before === after ? 'MODIFIED' : 'ADDED', pod: object });
    }
  }

  private tell(node: string, change: NodePodChange): void {
    this.followers.get(node)?.subject.next(change);
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

/** Whether a pod's update changes what its node acts on; the spec's changes show in its generation. */
function concernsNode(old: ApiObject, pod: ApiObject): boolean {
  const [a, b] = [old.metadata, pod.metadata];
  return (
    a.generation !== b.generation ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    a.deletionGracePeriodSeconds !== b.deletionGracePeriodSeconds ||
    !sameEntries(a.labels, b.labels) ||
    !sameEntries(a.annotations, b.annotations)
  );
}

function sameEntries(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
