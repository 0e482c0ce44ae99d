// Creates pods at a steady rate and deletes each one a fixed time after it was created, through
// the API (not kubectl): the load of a churn soak. Paced by the clock, with a cap on requests in
// flight so that a slow server makes the driver skip ticks (counted) instead of piling up.

import type { ApiAnswer, ApiClient } from './api-client';

export interface ChurnOptions {
  namespace: string;
  ratePerSecond: number;
  /** Seconds from a pod's creation to its deletion. */
  lifetimeSeconds: number;
  pod(name: string): object;
  maxInFlight?: number;
}

export interface ChurnCounts {
  created: number;
  deleted: number;
  /** Ticks skipped because maxInFlight requests were still waiting. */
  skipped: number;
  /** Unexpected answers, by `VERB status`. */
  failures: Record<string, number>;
  /** Requests that got no answer (timed out after 30 s, or the connection failed), by `VERB error`. */
  unanswered: Record<string, number>;
}

export function startChurn(client: ApiClient, opts: ChurnOptions) {
  const counts: ChurnCounts = { created: 0, deleted: 0, skipped: 0, failures: {}, unanswered: {} };
  const alive: { name: string; at: number }[] = [];
  const pending = new Set<Promise<void>>();
  const base = `/api/v1/namespaces/${opts.namespace}/pods`;
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const fail = (verb: string, res: ApiAnswer) => {
    const [table, what] = res.status ? [counts.failures, `${verb} ${res.status}`] : [counts.unanswered, `${verb} ${res.body}`];
    table[what] = (table[what] ?? 0) + 1;
  };
  const remove = (name: string) =>
    track(
      client.request('DELETE', `${base}/${name}`).then((res) => {
        if (res.status === 200 || res.status === 202) counts.deleted++;
        else fail('DELETE', res);
      }),
    );
  let next = 0;
  const tick = () => {
    const now = Date.now();
    while (alive.length && now - alive[0]!.at >= opts.lifetimeSeconds * 1000) remove(alive.shift()!.name);
    if (pending.size >= (opts.maxInFlight ?? 40)) {
      counts.skipped++;
      return;
    }
    const name = `churn-${next++}`;
    track(
      client.request('POST', base, opts.pod(name)).then((res) => {
        if (res.status !== 201) return void fail('POST', res);
        counts.created++;
        alive.push({ name, at: Date.now() });
      }),
    );
  };
  const timer = setInterval(tick, 1000 / opts.ratePerSecond);
  return {
    counts,
    /** Stops creating, deletes every pod still alive, and waits for every request to be answered. */
    async stop(): Promise<ChurnCounts> {
      clearInterval(timer);
      while (pending.size) await Promise.all([...pending]);
      for (const pod of alive.splice(0)) remove(pod.name);
      while (pending.size) await Promise.all([...pending]);
      return counts;
    },
  };
}
