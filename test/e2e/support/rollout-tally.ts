// Watches a Deployment's pods through the API during a rollout and keeps the highest counts ever
// seen: Running pods (not being deleted) in all and per revision (pod-template-hash). A watch
// that ends (its control plane died) resumes from the last resourceVersion on the next server,
// as client-go's reflector does; it relists (and counts that) only on 410 Gone.

import * as https from 'https';

interface PodEvent {
  type: string;
  object: {
    code?: number;
    metadata: { uid: string; resourceVersion: string; labels?: Record<string, string>; deletionTimestamp?: string };
    status?: { phase?: string };
  };
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
  let stopped = false;
  let current: import('http').ClientRequest | undefined;
  const base = `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`;

  const apply = (type: string, pod: PodEvent['object']) => {
    const revision = pod.metadata.labels?.['pod-template-hash'] ?? '';
    const isRunning = type !== 'DELETED' && pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;
    if (isRunning) running.set(pod.metadata.uid, revision);
    else running.delete(pod.metadata.uid);
    const byRevision = new Map<string, number>();
    for (const r of running.values()) byRevision.set(r, (byRevision.get(r) ?? 0) + 1);
    tally.maxRunning = Math.max(tally.maxRunning, running.size);
    for (const [r, n] of byRevision) tally.maxRunningByRevision[r] = Math.max(tally.maxRunningByRevision[r] ?? 0, n);
  };
  const get = (server: string, path: string) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const req = https.get(`${server}${path}`, { rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.setTimeout(10_000, () => req.destroy());
      req.on('error', () => resolve({ status: 0, body: '' }));
    });
  const list = async (i: number): Promise<string> => {
    for (; !stopped; i++) {
      const all = servers();
      const res = await get(all[i % all.length]!, base);
      if (res.status === 200) {
        const parsed = JSON.parse(res.body) as { metadata: { resourceVersion: string }; items: PodEvent['object'][] };
        running.clear();
        for (const pod of parsed.items) apply('ADDED', pod);
        return parsed.metadata.resourceVersion;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return '';
  };
  const watchFrom = (server: string, rv: string) =>
    new Promise<{ rv: string; gone: boolean }>((resolve) => {
      let last = rv;
      let buffer = '';
      const path = `${base}&watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`;
      current = https.get(`${server}${path}`, { rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode === 410) return resolve({ rv: last, gone: true });
        res.on('data', (chunk) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines.filter(Boolean)) {
            const event = JSON.parse(line) as PodEvent;
            if (event.type === 'ERROR') return resolve({ rv: last, gone: event.object.code === 410 });
            last = event.object.metadata.resourceVersion;
            if (event.type === 'BOOKMARK') continue;
            tally.events++;
            apply(event.type, event.object);
          }
        });
        res.on('end', () => resolve({ rv: last, gone: false }));
        res.on('error', () => resolve({ rv: last, gone: false }));
      });
      current.on('error', () => resolve({ rv: last, gone: false }));
    });
  const done = (async () => {
    let i = 0;
    let rv = await list(i);
    while (!stopped) {
      const all = servers();
      const outcome = await watchFrom(all[i % all.length]!, rv);
      rv = outcome.rv;
      if (outcome.gone && !stopped) {
        tally.relists++;
        rv = await list(i);
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 100));
      i++;
    }
  })();
  return {
    tally,
    async stop(): Promise<RolloutTally> {
      stopped = true;
      current?.destroy();
      await done;
      return tally;
    },
  };
}
