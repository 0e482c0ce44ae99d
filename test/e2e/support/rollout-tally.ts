// Watches a Deployment's pods through the API during a rollout and keeps the highest counts ever
// seen: Running pods (not being deleted) in all and per revision (pod-template-hash). The watch
// resumes across control planes (see resuming-watch.ts), relisting only on 410 Gone.

import { resumingWatch } from './resuming-watch';

interface PodObject {
  code?: number;
  metadata: { uid: string; resourceVersion: string; labels?: Record<string, string>; deletionTimestamp?: string };
  status?: { phase?: string };
}

export interface RolloutTally {
  /** Highest number of Running pods not being deleted, over all revisions. */
  maxRunning: number;
  /** Highest number of such pods of one revision, by pod-template-hash. */
  maxRunningByRevision: Record<string, number>;
  events: number;
  relists: number;
}

export function watchRollout(servers: () => string[], token: string, namespace: string, selector: string) {
  const tally: RolloutTally = { maxRunning: 0, maxRunningByRevision: {}, events: 0, relists: 0 };
  const running = new Map<string, string>(); // uid -> revision

  const apply = (type: string, pod: PodObject) => {
    const revision = pod.metadata.labels?.['pod-template-hash'] ?? '';
    const isRunning = type !== 'DELETED' && pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;
    if (isRunning) running.set(pod.metadata.uid, revision);
    else running.delete(pod.metadata.uid);
    const byRevision = new Map<string, number>();
    for (const r of running.values()) byRevision.set(r, (byRevision.get(r) ?? 0) + 1);
    tally.maxRunning = Math.max(tally.maxRunning, running.size);
    for (const [r, n] of byRevision) tally.maxRunningByRevision[r] = Math.max(tally.maxRunningByRevision[r] ?? 0, n);
  };
  const watch = resumingWatch<PodObject>({
    servers,
    token,
    path: `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`,
    onList: (items) => {
      running.clear();
      for (const pod of items) apply('ADDED', pod);
    },
    onEvent: (type, pod) => {
      tally.events++;
      apply(type, pod);
    },
  });
  return {
    tally,
    async stop(): Promise<RolloutTally> {
      await watch.stop();
      tally.relists = watch.relists();
      return tally;
    },
  };
}
