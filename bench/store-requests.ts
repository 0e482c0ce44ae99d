// Where a pod's store traffic goes: the control plane's etcd_request_duration_seconds counts, by
// operation and object type, read before and after a run and divided by the pods created.
import type { ApiClient } from './api-client';

export type StoreCounts = Map<string, number>;

const COUNT_LINE = /^etcd_request_duration_seconds_count\{([^}]*)\} (\d+(?:\.\d+)?)$/;

export async function storeCounts(api: ApiClient): Promise<StoreCounts> {
  const res = await api.request('GET', '/metrics');
  const counts: StoreCounts = new Map();
  for (const line of res.body.split('\n')) {
    const m = COUNT_LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    counts.set(`${labels.operation} ${labels.type}`, Number(m[2]));
  }
  return counts;
}

/** "create pods 1.0, update pods 2.0, …": the operations per pod between two readings, largest first. */
export function perPod(before: StoreCounts, after: StoreCounts, pods: number): string {
  return [...after]
    .map(([key, n]): [string, number] => [key, (n - (before.get(key) ?? 0)) / pods])
    .filter(([, n]) => n >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n.toFixed(1)}`)
    .join(', ');
}
