// Scheduler throughput at scale: the real control plane (its own process, real etcd) with
// hollow nodes (another process, real gRPC sessions and leases). Pods are created through the
// API; a watch records when each is bound and when its node reports it Running. The floor is
// the raw etcd put rate of pod-sized values through the same etcd3 client, in the same run.

import { NodeTokens } from '@stevedore/gateway';
import type { Logger } from '@stevedore/log';
import { freePort, makeTempDir, type RunningEtcd, startEtcd, track } from '@stevedore/testing';
import { type ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { Etcd3 } from 'etcd3';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ApiClient, pooled, targetFromDataDir } from './api-client';
import { podSpec } from './bench-pod';
import { cpuMsPer, sampleCpu } from './cpu-usage';
import { type DeploymentResult, measureDeployment } from './deployment-bench';
import { rssMb } from './footprint';
import { cleanupOnInterrupt, guarded } from './interrupt';
import { measurePreemption, type PreemptionResult } from './preemption-bench';
import { perPod, storeCounts } from './store-requests';

const CLI = path.resolve(__dirname, '../apps/cli/src/main.js');
const HOLLOW = path.resolve(__dirname, 'hollow-process.js');
const CONCURRENCY = 64;

export interface SchedulerResult {
  nodes: number;
  pods: number;
  boundPerSecond: number;
  runningPerSecond: number;
  etcdPutsPerSecond: number;
  /** CPU per pod from the first create until all are Running: the machine's, and each process's own. */
  cpuMsPerPod?: { machineMs: number; controlPlaneMs: number; hollowMs: number; etcdMs: number; benchMs: number };
  /** Then, on the same cluster, a third as many pods again as one Deployment's replicas. */
  deployment?: DeploymentResult;
  /** At the first size only: as many pods again with priorities, a tenth placed by preemption, on a fresh cluster. */
  preemption?: PreemptionResult;
  preemptionError?: string;
  error?: string;
}

export interface ScaleCluster {
  api: ApiClient;
  controlPlanePid: number;
  hollowPid: number;
  stop(): Promise<void>;
}

/** A pod as stored (server fields included), to size the floor's values like the real ones. */
function storedPodLike(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: randomUUID(),
      resourceVersion: '123456',
      creationTimestamp: new Date().toISOString(),
      labels: { app: 'bench' },
    },
    spec: podSpec(),
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  });
}

/** Raw puts per second of pod-sized values, `count` of them, CONCURRENCY at a time. */
async function etcdPutRate(etcd: RunningEtcd, count: number): Promise<number> {
  const client = new Etcd3({ hosts: etcd.endpoint, credentials: await etcd.credentials() });
  try {
    const keys = Array.from({ length: count }, (_, i) => `/bench-floor/pods/default/p-${i}`);
    // Connections and etcd's first allocations are warmed up first, as the control plane's are.
    await pooled(keys.slice(0, 200), CONCURRENCY, async (key) => {
      await client.put(`${key}-warm`).value(storedPodLike(key));
    });
    const start = Date.now();
    await pooled(keys, CONCURRENCY, async (key) => {
      await client.put(key).value(storedPodLike(key));
    });
    const rate = count / ((Date.now() - start) / 1000);
    await client.delete().prefix('/bench-floor/');
    return rate;
  } finally {
    client.close();
  }
}

/**
 * BENCH_PROFILE=DIR writes a CPU profile of each child process there (node --cpu-prof);
 * BENCH_HEAP_SNAPSHOT=DIR a heap snapshot of the control plane at the end of each size.
 */
function launch(args: string[], onLine: (line: string) => void): ChildProcess {
  const { BENCH_PROFILE, BENCH_HEAP_SNAPSHOT } = process.env;
  const profile = [
    ...(BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${BENCH_PROFILE}`] : []),
    ...(BENCH_HEAP_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${BENCH_HEAP_SNAPSHOT}`] : []),
  ];
  const child = track(spawn(process.execPath, [...profile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let buffer = '';
  const read = (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  return child;
}

function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 50);
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

/**
 * What a child process logs, counted by message with node names, pod names and times left out,
 * and reported every 15 s: thousands of nodes saying the same thing make one line.
 */
function tally(log: Logger) {
  const counts = new Map<string, number>();
  const timer = setInterval(() => {
    for (const [message, count] of counts) log.info(`${count}x ${message}`);
    counts.clear();
  }, 15_000);
  return {
    add: (line: string) => {
      const message = line
        .replace(/\d{4}-\d\d-\d\dT\S+Z /, '')
        .replace(/hollow-\d+/g, 'hollow-N')
        .replace(/sched-\d+-\d+/g, 'sched-N')
        .slice(0, 300);
      counts.set(message, (counts.get(message) ?? 0) + 1);
    },
    stop: () => clearInterval(timer),
  };
}

/** Starts etcd, the control plane and `nodes` hollow nodes; resolves once every node registered. */
export async function startScaleCluster(nodes: number, etcd: RunningEtcd, log: Logger): Promise<ScaleCluster> {
  const dir = await makeTempDir('bench-scale');
  const cpDir = path.join(dir, 'cp');
  await fs.mkdir(path.join(cpDir, 'pki'), { recursive: true });
  const tokens = await NodeTokens.open(path.join(cpDir, 'pki', 'node-tokens.json'));
  const names = Array.from({ length: nodes }, (_, i) => `hollow-${i}`);
  const issued = [];
  for (const [i, name] of names.entries()) issued.push({ name, token: await tokens.issue(name), hostIP: `198.18.${i >> 8}.${i & 255}` });
  const [apiPort, agentPort] = [await freePort(), await freePort()];
  let up = false;
  const said = tally(log);
  const cp = launch(
    [CLI, 'control-plane', '--data-dir', cpDir, ...etcd.flags(), '--api-port', String(apiPort), '--agent-port', String(agentPort)],
    (line) => {
      if (line.includes('control plane up')) up = true;
      said.add(line);
    },
  );
  let hollow: ChildProcess | undefined;
  const stop = async () => {
    said.stop();
    await stopChild(hollow);
    await stopChild(cp);
    await fs.rm(dir, { recursive: true, force: true });
  };
  const release = cleanupOnInterrupt(stop);
  try {
    await until(() => up, 180_000, 'the control plane');
    const caCert = await fs.readFile(path.join(cpDir, 'pki', 'ca.crt'), 'utf8');
    await fs.writeFile(
      path.join(dir, 'hollow.json'),
      JSON.stringify({ address: `127.0.0.1:${agentPort}`, caCert, dataDir: path.join(dir, 'hollow'), nodes: issued }),
    );
    let registered = 0;
    let lastLogged = Date.now();
    hollow = launch([HOLLOW, path.join(dir, 'hollow.json')], (line) => {
      const m = /^registered (\d+)/.exec(line);
      if (!m) return said.add(`hollow nodes: ${line}`);
      registered = Number(m[1]);
      if (Date.now() - lastLogged > 15_000) {
        log.info(`${registered} of ${nodes} hollow nodes registered`);
        lastLogged = Date.now();
      }
    });
    const started = Date.now();
    await until(() => registered === nodes, 600_000, `${nodes} hollow nodes to register`);
    log.info(`${nodes} hollow nodes registered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const api = new ApiClient(await targetFromDataDir(cpDir, `https://127.0.0.1:${apiPort}`), CONCURRENCY);
    release();
    return {
      api,
      controlPlanePid: cp.pid!,
      hollowPid: hollow.pid!,
      stop: async () => {
        api.close();
        await stop();
      },
    };
  } catch (err) {
    release();
    await stop();
    throw err;
  }
}

/** Creates `pods` pods and measures how fast they are bound and reported Running. */
export async function measureScheduling(
  cluster: ScaleCluster,
  etcd: RunningEtcd,
  nodes: number,
  pods: number,
  putRate: number,
  log: Logger,
): Promise<SchedulerResult> {
  const bound = new Map<string, number>();
  const running = new Map<string, number>();
  const watch = await cluster.api.watch('/api/v1/namespaces/default/pods?watch=true', ({ object }) => {
    const name = object?.metadata?.name as string;
    if (object?.spec?.nodeName && !bound.has(name)) bound.set(name, Date.now());
    if (object?.status?.phase === 'Running' && !running.has(name)) running.set(name, Date.now());
  });
  const names = Array.from({ length: pods }, (_, i) => `sched-${nodes}-${i}`);
  let createdCount = 0;
  const progress = setInterval(() => {
    void watchBacklog(etcd).then((backlog) =>
      log.info(`${createdCount} pods created, ${bound.size} bound, ${running.size} Running; etcd: ${backlog}`),
    );
  }, 15_000);
  try {
    const revisionBefore = await storeRevision(cluster.api);
    const countsBefore = await storeCounts(cluster.api);
    const pids = [cluster.controlPlanePid, cluster.hollowPid, etcd.pid, process.pid];
    const cpuBefore = await sampleCpu(pids);
    const start = Date.now();
    await pooled(names, CONCURRENCY, async (name) => {
      const res = await cluster.api.request('POST', '/api/v1/namespaces/default/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: 'bench' } },
        spec: podSpec(),
      });
      if (res.status === 429) throw new Error('the API answered 429: lower the benchmark concurrency');
      if (res.status !== 201) throw new Error(`creating ${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      createdCount++;
    });
    const created = Date.now();
    await until(() => running.size >= pods, 900_000, `${pods} pods Running`);
    const cpu = cpuMsPer(cpuBefore, await sampleCpu(pids), pods);
    const own = (pid: number) => cpu.processes.get(pid)!.selfMs;
    const cpuMsPerPod = {
      machineMs: cpu.machineMs,
      controlPlaneMs: own(cluster.controlPlanePid),
      hollowMs: own(cluster.hollowPid),
      etcdMs: own(etcd.pid),
      benchMs: own(process.pid),
    };
    const revisionsPerPod = ((await storeRevision(cluster.api)) - revisionBefore) / pods;
    log.info(
      `${revisionsPerPod.toFixed(1)} etcd revisions per pod (writes batched in one transaction share one); ${pods} pods created in ${((created - start) / 1000).toFixed(1)} s, bound by ${((Math.max(...bound.values()) - start) / 1000).toFixed(1)} s, running by ${((Date.now() - start) / 1000).toFixed(1)} s`,
    );
    log.info(`store operations per pod: ${perPod(countsBefore, await storeCounts(cluster.api), pods)}`);
    const last = (m: Map<string, number>) => Math.max(...m.values());
    const rate = (m: Map<string, number>) => Math.round(pods / ((last(m) - start) / 1000));
    return {
      nodes,
      pods,
      boundPerSecond: rate(bound),
      runningPerSecond: rate(running),
      etcdPutsPerSecond: Math.round(putRate),
      cpuMsPerPod,
    };
  } finally {
    clearInterval(progress);
    watch.close();
  }
}

/**
 * etcd's own view of the control plane's watch: a watcher whose stream stopped draining is
 * "slow" and its events wait in etcd (3.4 then re-reads its whole backlog every 100 ms).
 */
async function watchBacklog(etcd: RunningEtcd): Promise<string> {
  const text = await etcd.get('/metrics').catch(() => '');
  const value = (name: string) => new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? '?';
  return `${value('etcd_debugging_mvcc_slow_watcher_total')} slow watcher(s), ${value('etcd_debugging_mvcc_pending_events_total')} events pending`;
}

/** The V8 heap in use and allocated, from the control plane's own /metrics: what of its RSS is JavaScript objects. */
async function heapFigures(api: ApiClient): Promise<string> {
  const text = (await api.request('GET', '/metrics')).body;
  const mb = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1048576);
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm)]
    .map(([, space, bytes]) => `${space} ${Math.round(Number(bytes) / 1048576)}`)
    .join(', ');
  return `V8 heap ${mb('nodejs_heap_size_used_bytes')} MB used of ${mb('nodejs_heap_size_total_bytes')} MB: ${spaces}; external ${mb('nodejs_external_memory_bytes')} MB`;
}

/** Signals the control plane to write a heap snapshot and waits until the file stops growing. */
async function heapSnapshot(pid: number, dir: string, log: Logger): Promise<void> {
  const before = new Set(await fs.readdir(dir));
  process.kill(pid, 'SIGUSR2');
  let [size, still] = [0, 0];
  for (let i = 0; i < 600; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const file = (await fs.readdir(dir)).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    const now = file ? (await fs.stat(path.join(dir, file))).size : 0;
    // The process stops to walk its heap before it writes, so an empty file is not done yet.
    still = now > 0 && now === size ? still + 1 : 0;
    if (still === 3) return log.info(`heap snapshot: ${path.join(dir, file!)}`);
    size = now;
  }
}

/** The store's revision (every write bumps it), read off a list. */
async function storeRevision(api: ApiClient): Promise<number> {
  const res = await api.request('GET', '/api/v1/namespaces/default/configmaps?limit=1');
  return Number(JSON.parse(res.body).metadata.resourceVersion);
}

/** Each size on a fresh etcd and control plane; also the control plane's RSS at the last size. */
export async function runSchedulerBench(
  sizes: { nodes: number; pods: number }[],
  log: Logger,
): Promise<{ results: SchedulerResult[]; controlPlaneRssMb: number; controlPlaneAt?: { nodes: number; pods: number } }> {
  const results: SchedulerResult[] = [];
  let controlPlaneRssMb = 0;
  let controlPlaneAt: { nodes: number; pods: number } | undefined;
  for (const [i, size] of sizes.entries()) {
    // One size failing (say, a timeout at 5,000 nodes) is reported in its row; the others still run.
    await runOneSize(size, results, log).then(
      (rss) => {
        controlPlaneRssMb = rss;
        controlPlaneAt = size;
      },
      (err: Error) => {
        log.error(`scheduler at ${size.nodes} nodes failed`, { err });
        results.push({ ...size, boundPerSecond: 0, runningPerSecond: 0, etcdPutsPerSecond: 0, error: err.message });
      },
    );
    if (i === 0) await runPreemption(size, results[results.length - 1]!, log);
  }
  return { results, controlPlaneRssMb, controlPlaneAt };
}

async function runOneSize(size: { nodes: number; pods: number }, results: SchedulerResult[], log: Logger): Promise<number> {
  const etcd = await startEtcd();
  return guarded(
    () => etcd.stop(),
    async () => {
      const putRate = await etcdPutRate(etcd, Math.min(size.pods, 10_000));
      const cluster = await startScaleCluster(size.nodes, etcd, log);
      return guarded(
        () => cluster.stop(),
        async () => {
          results.push(await measureScheduling(cluster, etcd, size.nodes, size.pods, putRate, log));
          const controlPlaneRssMb = await rssMb(cluster.controlPlanePid);
          log.info(
            `scheduler: ${JSON.stringify(results[results.length - 1])}, control plane RSS ${controlPlaneRssMb} MB (${await heapFigures(cluster.api)})`,
          );
          if (process.env.BENCH_HEAP_SNAPSHOT) await heapSnapshot(cluster.controlPlanePid, process.env.BENCH_HEAP_SNAPSHOT, log);
          // After the footprint, which the goal puts at the size's own pod count.
          const deployment = await measureDeployment(cluster.api, cluster.controlPlanePid, Math.round(size.pods / 3));
          results[results.length - 1]!.deployment = deployment;
          log.info(`deployment: ${JSON.stringify(deployment)}`);
          return controlPlaneRssMb;
        },
      );
    },
  );
}

/** The preemption row beside the first size's plain one: its own etcd and cluster, so neither run inherits the other's pods. */
async function runPreemption(size: { nodes: number; pods: number }, row: SchedulerResult, log: Logger): Promise<void> {
  log.info(`scheduler with priorities and preemption: ${size.nodes} hollow nodes, ${size.pods} pods`);
  const etcd = await startEtcd();
  await guarded(
    () => etcd.stop(),
    async () => {
      const cluster = await startScaleCluster(size.nodes, etcd, log);
      await guarded(
        () => cluster.stop(),
        async () => {
          row.preemption = await measurePreemption(cluster, etcd, size.nodes, size.pods, log);
          log.info(`preemption: ${JSON.stringify(row.preemption)}`);
        },
      );
    },
  ).catch((err: Error) => {
    log.error('scheduler with preemption failed', { err });
    row.preemptionError = err.message;
  });
}
