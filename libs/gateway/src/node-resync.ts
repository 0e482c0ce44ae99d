// A node that comes back (Ready again after its lease lapsed) is asked to report all its pods
// again: while it was unreachable the node lifecycle controller marked them not ready, and an
// agent whose connection survived the outage would otherwise never correct that.
import type { ApiObject } from '@stevedore/apiserver';
import type { Informer } from '@stevedore/controllers';
import type { Subscription } from 'rxjs';

const ready = (node: ApiObject | undefined) =>
  (node?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready')?.status === 'True';

export function resyncRecoveredNodes(nodes: Informer, resync: (node: string) => void): Subscription {
  return nodes.events.subscribe((e) => {
    if (e.type === 'MODIFIED' && !ready(e.old) && ready(e.object)) resync(e.object.metadata.name);
  });
}
