// Pod startup on the real all-in-one cluster (`stevedore up`: etcd, control plane, agent with
// runc + conmon), image already cached: from the create request to the watch event that shows
// the pod Running. One after another, then a burst of many at once.

import { ignoreMissing } from '@stevedore/files';
import type { RunningRegistry, TestImages } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { startCluster } from '../test/e2e/support/cluster-process';
import { ApiClient, pooled, targetFromDataDir } from './api-client';
import { tryCleanup } from './cleanup';
import { childPids, cpuMsPer, sampleCpu } from './cpu-usage';
import { cleanupOnInterrupt } from './interrupt';
import { summarize } from './stats';

export interface StartupResult {
  sequential: { n: number; p50Ms: number; p90Ms: number; p99Ms: number };
  burst: { pods: number; seconds: number; podsPerSecond: number; cpuMsPerPod: CpuPerPod };
}

/** Where a burst pod's CPU went: the whole machine, the `up` process itself, its spawn helper with the host commands it ran, etcd. */
interface CpuPerPod {
  machineMs: number;
  upMs: number;
  commandsMs: number;
  etcdMs: number;
}

function pod(name: string, image: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'startup-bench' } },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image, command: ['sleep', '3600'] }] },
  };
}

export async function measureStartup(
  registry: RunningRegistry,
  images: TestImages,
  sequential: number,
  burst: number,
): Promise<StartupResult> {
  // Kubernetes' default of 110 pods per node would leave most of a 200-pod burst Pending.
  const cluster = await startCluster({ insecureRegistry: registry.host, extraArgs: ['--max-pods', String(burst + sequential + 10)] });
  const release = cleanupOnInterrupt(() => cluster.destroy());
  const api = new ApiClient(await targetFromDataDir(cluster.dataDir, `https://127.0.0.1:${cluster.apiPort}`), 64);
  const runningAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const watch = await api.watch('/api/v1/namespaces/default/pods?watch=true', ({ object }) => {
    const name = object?.metadata?.name as string;
    if (object?.status?.phase !== 'Running' || runningAt.has(name)) return;
    runningAt.set(name, Date.now());
    waiters.get(name)?.();
  });
  const create = async (name: string) => {
    const res = await api.request('POST', '/api/v1/namespaces/default/pods', pod(name, images.busybox));
    if (res.status !== 201) throw new Error(`creating ${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  };
  const running = (name: string, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      if (runningAt.has(name)) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`${name} was not Running after ${timeoutMs / 1000} s (${runningAt.size} pods Running so far)`)),
        timeoutMs,
      );
      waiters.set(name, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  try {
    await create('warm-up'); // pulls the image once, so every measured pod finds it cached
    await running('warm-up');
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const name = `seq-${i}`;
      const start = Date.now();
      await create(name);
      await running(name);
      latencies.push(runningAt.get(name)! - start);
    }
    await deleteAll(api);
    // Force-deleted pods leave the API at once while the node still stops them: start the burst on a quiet node.
    await nodeIdle(path.join(cluster.dataDir, 'agent'));
    const names = Array.from({ length: burst }, (_, i) => `burst-${i}`);
    const [upPid, etcdPid] = [cluster.pid()!, Number(await fs.readFile(path.join(cluster.dataDir, 'etcd.pid'), 'utf8'))];
    // up's other child is the spawn helper (started by the sequential phase), which waits for every host command.
    const helpers = (await childPids(upPid)).filter((pid) => pid !== etcdPid);
    const pids = [upPid, etcdPid, ...helpers];
    const cpuBefore = await sampleCpu(pids);
    const start = Date.now();
    await pooled(names, 64, create);
    await Promise.all(names.map((n) => running(n, 600_000)));
    const cpu = cpuMsPer(cpuBefore, await sampleCpu(pids), burst);
    const of = (pid: number) => cpu.processes.get(pid)!;
    const commandsMs = helpers.reduce((sum, pid) => sum + of(pid).selfMs + of(pid).childrenMs, of(upPid).childrenMs);
    const cpuMsPerPod = {
      machineMs: cpu.machineMs,
      upMs: of(upPid).selfMs,
      commandsMs: Math.round(commandsMs * 10) / 10,
      etcdMs: of(etcdPid).selfMs,
    };
    const seconds = (Math.max(...names.map((n) => runningAt.get(n)!)) - start) / 1000;
    return {
      sequential: summarize(latencies),
      burst: { pods: burst, seconds: Math.round(seconds * 10) / 10, podsPerSecond: Math.round(burst / seconds), cpuMsPerPod },
    };
  } finally {
    watch.close();
    await tryCleanup('delete the benchmark pods', () => deleteAll(api));
    api.close();
    release();
    await cluster.destroy();
  }
}

/** Waits until the agent has removed every container and pod folder (its teardown of earlier pods is done). */
async function nodeIdle(agentDir: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  const busy = async () => {
    const containers = ((await ignoreMissing(fs.readdir(path.join(agentDir, 'containers')))) ?? []).filter((e) => /^[0-9a-f]{64}$/.test(e));
    const pods = (await ignoreMissing(fs.readdir(path.join(agentDir, 'pods')))) ?? [];
    return containers.length + pods.length;
  };
  while ((await busy()) > 0) {
    if (Date.now() > deadline)
      throw new Error(`the node still had ${await busy()} containers and pod folders 300 s after the pods were deleted`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Deletes the benchmark's pods and waits until the API has none left. */
async function deleteAll(api: ApiClient): Promise<void> {
  await api.request('DELETE', '/api/v1/namespaces/default/pods?labelSelector=app%3Dstartup-bench&gracePeriodSeconds=0');
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await api.request('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dstartup-bench');
    if (JSON.parse(res.body).items.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
