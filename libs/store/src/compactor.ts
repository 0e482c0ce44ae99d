// Keeps the store's history bounded, as the Kubernetes API server does for etcd: every interval,
// forget what is older than the revision seen one interval earlier. Watches can thus resume
// from anything newer than 1-2 intervals; older ones get 410 Gone and relist.
import { type Logger, logger } from '@stevedore/log';
import type { Store } from './store';

export function startCompactor(store: Store, intervalMs = 5 * 60_000, log: Logger = logger('compactor')): () => void {
  let previous: number | undefined;
  const timer = setInterval(() => {
    void (async () => {
      const current = await store.currentRevision();
      if (previous !== undefined && previous > 0) {
        await store.compact(previous);
        log.debug('compacted store history', { revision: previous });
      }
      previous = current;
    })().catch((err) => log.warn('compaction failed; trying again next interval', { err }));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
