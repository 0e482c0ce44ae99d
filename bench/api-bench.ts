// API latency: a list of many pods (JSON and as a Table, as kubectl asks), and how quickly a
// change reaches hundreds of concurrent watchers. The pods are written straight into etcd (as
// the API would store them, under the store's /stevedore prefix) so filling the store does not dominate the run.

import type { RunningEtcd } from '@stevedore/testing';
import { randomUUID } from 'crypto';
import { Etcd3 } from 'etcd3';
import { type ApiClient, pooled } from './api-client';
import { percentile, timed } from './stats';

export interface ApiResult {
  pods: number;
  listPodsMs: number;
  listPodsTableMs: number;
  watchers: number;
  watchDeliveryP99Ms: number;
}

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function storedPod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: randomUUID(), creationTimestamp: new Date().toISOString(), labels: { app: 'list-bench' } },
    spec: {
      nodeName: 'list-bench-node',
      containers: [{ name: 'main', image: 'bench.local/pause:1', resources: {} }],
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Running',
      podIP: '198.19.0.2',
      hostIP: '198.18.0.11',
      startTime: new Date().toISOString(),
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export async function fillPods(etcd: RunningEtcd, count: number): Promise<void> {
  const client = new Etcd3({ hosts: etcd.endpoint, credentials: await etcd.credentials() });
  try {
    const names = Array.from({ length: count }, (_, i) => `list-${i}`);
    await pooled(names, 64, async (name) => {
      await client.put(`/stevedore/pods/default/${name}`).value(JSON.stringify(storedPod(name)));
    });
  } finally {
    client.close();
  }
}

export async function listLatency(api: ApiClient, accept: string, rounds: number, expected: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [ms, res] = await timed(() =>
      api.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dlist-bench', undefined, accept),
    );
    if (res.status !== 200) throw new Error(`list: HTTP ${res.status}`);
    const body = JSON.parse(res.body);
    const count = (body.items ?? body.rows ?? []).length;
    if (count !== expected) throw new Error(`list returned ${count} pods, expected ${expected}`);
    samples.push(ms);
  }
  return Math.round(percentile(samples, 50));
}

/** Each of `watchers` watches ConfigMaps; `rounds` creates (named `prefix-N`) are timed from request to each delivery. */
export async function watchDelivery(api: ApiClient, watchers: number, rounds: number, prefix = 'tick'): Promise<number> {
  await api.request('POST', '/api/v1/namespaces', { metadata: { name: 'watch-bench' } });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const streams = [];
  for (let i = 0; i < watchers; i++) {
    streams.push(
      await api.watch('/api/v1/namespaces/watch-bench/configmaps?watch=true', ({ type, object }) => {
        const sent = sentAt.get(object?.metadata?.name);
        if (type === 'ADDED' && sent) latencies.push(Date.now() - sent);
      }),
    );
  }
  for (let r = 0; r < rounds; r++) {
    const name = `${prefix}-${r}`;
    sentAt.set(name, Date.now());
    await api.request('POST', '/api/v1/namespaces/watch-bench/configmaps', { metadata: { name }, data: { r: String(r) } });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < watchers * rounds && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const s of streams) s.close();
  if (latencies.length < watchers * rounds) throw new Error(`only ${latencies.length} of ${watchers * rounds} watch events arrived`);
  return Math.round(percentile(latencies, 99));
}

export async function measureApi(api: ApiClient, pods: number, watchers: number): Promise<ApiResult> {
  await listLatency(api, 'application/json', 1, pods); // warm-up
  const listPodsMs = await listLatency(api, 'application/json', 5, pods);
  const listPodsTableMs = await listLatency(api, TABLE, 5, pods);
  const watchDeliveryP99Ms = await watchDelivery(api, watchers, 20);
  return { pods, listPodsMs, listPodsTableMs, watchers, watchDeliveryP99Ms };
}
