// One leadership term's singletons see the shared informers through views that end with the
// term: stopping them then also ends every subscription they made, so the next term's set does
// not run beside a stopped one that is still handed every event and never freed.

import type { KubeObject } from '@stevedore/api';
import { type Informer, scopedInformers } from '@stevedore/controllers';
import { Subject } from 'rxjs';

/** Starts a term's singletons on scoped informers; the last thing stopped ends their subscriptions. */
export function forTerm<R extends Record<string, Informer<KubeObject>>>(
  informers: R,
  start: (scoped: R) => { stop(): void }[],
): { stop(): void }[] {
  const ended = new Subject<void>();
  const running = start(scopedInformers(informers, ended));
  const unsubscribe = {
    stop() {
      ended.next();
      ended.complete();
    },
  };
  return [...running, unsubscribe];
}
