// Scheduling with priorities, a tenth of the pods placed only by preemption, on a cluster of
// the plain run's size (fresh etcd, control plane and hollow nodes). Every pod requests CPU so
// that a node holds exactly ceil(pods / nodes) of them. Low-priority pods first take a tenth as
// many places as there are pods to measure (not measured); then the measured pods, of a higher
// PriorityClass, are created through the API: nine in ten fit in the room left, the last tenth
// only by preempting a low-priority pod (nominating the node, deleting the victim gracefully,
// waiting until the node reports it gone). Measured from the first create until all are
// Running, as the plain run.
import type { Logger } from '@stevedore/log';
import type { RunningEtcd } from '@stevedore/testing';
import { pooled } from './api-client';
import { podSpec } from './bench-pod';
import { cpuMsPer, sampleCpu } from './cpu-usage';
import type { ScaleCluster } from './scheduler-bench';

export interface PreemptionResult {
  pods: number;
  /** Low-priority pods deleted by preemption while the measured pods were placed (a tenth of them when all goes to plan). */
  preempted: number;
  boundPerSecond: number;
  runningPerSecond: number;
  /** Seconds from the first create until nine in ten were bound (placed in free room), and until all were (the last tenth by preemption). */
  boundSeconds: { ninetyPercent: number; all: number };
  cpuMsPerPod: { machineMs: number; controlPlaneMs: number; hollowMs: number; etcdMs: number };
}

const CONCURRENCY = 64;
const HIGH = 'bench-high';

/** A bench pod requesting `milliCpu`, of the given PriorityClass (admission then sets its priority) or of priority 0. */
function pod(name: string, milliCpu: number, priorityClassName?: string) {
  const { priority, ...spec } = podSpec();
  spec.containers[0]!.resources = { requests: { cpu: `${milliCpu}m` } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: priorityClassName ?? 'bench-low' } },
    spec: { ...spec, terminationGracePeriodSeconds: 1, ...(priorityClassName ? { priorityClassName } : { priority }) },
  };
}

/** Resolves once `count()` reaches `target`, looking every 50 ms. */
function reaches(count: () => number, target: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (count() < target && Date.now() <= deadline) return;
      clearInterval(timer);
      if (count() >= target) resolve();
      else reject(new Error(`timed out waiting for ${what} (${count()} of ${target})`));
    }, 50);
  });
}

export async function measurePreemption(
  cluster: ScaleCluster,
  etcd: RunningEtcd,
  nodes: number,
  pods: number,
  log: Logger,
): Promise<PreemptionResult> {
  const { api } = cluster;
  const perNode = Math.ceil(pods / nodes);
  const node = JSON.parse((await api.request('GET', '/api/v1/nodes?limit=1')).body).items[0];
  const cpu = String(node.status.allocatable.cpu);
  const milliCpu = Math.floor((cpu.endsWith('m') ? Number.parseInt(cpu, 10) : Number(cpu) * 1000) / perNode);
  const fillers = nodes * perNode - Math.round(pods * 0.9);
  const res = await api.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: HIGH },
    value: 1000,
  });
  if (res.status !== 201) throw new Error(`creating PriorityClass ${HIGH}: HTTP ${res.status} ${res.body.slice(0, 200)}`);

  const bound = new Map<string, number>();
  const running = new Map<string, number>();
  const runningOf = { 'bench-low': 0, [HIGH]: 0 } as Record<string, number>;
  let preempted = 0;
  const watch = await api.watch('/api/v1/namespaces/default/pods?watch=true', ({ type, object }) => {
    const name = object?.metadata?.name as string;
    const app = object?.metadata?.labels?.app as string;
    if (type === 'DELETED' && app === 'bench-low') preempted++;
    if (object?.spec?.nodeName && !bound.has(name)) bound.set(name, Date.now());
    if (object?.status?.phase === 'Running' && !running.has(name)) {
      running.set(name, Date.now());
      runningOf[app] = (runningOf[app] ?? 0) + 1;
    }
  });
  const create = (body: ReturnType<typeof pod>) =>
    api.request('POST', '/api/v1/namespaces/default/pods', body).then((r) => {
      if (r.status !== 201) throw new Error(`creating ${body.metadata.name}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    });
  try {
    const low = Array.from({ length: fillers }, (_, i) => `low-${i}`);
    await pooled(low, CONCURRENCY, (name) => create(pod(name, milliCpu)));
    await reaches(() => runningOf['bench-low']!, fillers, 600_000, 'the low-priority pods Running');
    log.info(`${fillers} low-priority pods of ${milliCpu}m CPU Running (${perNode} fit a node); now ${pods} of priority 1000`);

    const high = Array.from({ length: pods }, (_, i) => `high-${i}`);
    const pids = [cluster.controlPlanePid, cluster.hollowPid, etcd.pid];
    const cpuBefore = await sampleCpu(pids);
    const start = Date.now();
    await pooled(high, CONCURRENCY, (name) => create(pod(name, milliCpu, HIGH)));
    await reaches(() => runningOf[HIGH]!, pods, 900_000, 'the high-priority pods Running');
    const used = cpuMsPer(cpuBefore, await sampleCpu(pids), pods);
    const times = high.map((n) => bound.get(n)! - start).sort((a, b) => a - b);
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    const boundSeconds = { ninetyPercent: seconds(times[Math.round(pods * 0.9) - 1]!), all: seconds(times[pods - 1]!) };
    const own = (pid: number) => used.processes.get(pid)!.selfMs;
    const last = (m: Map<string, number>) => Math.max(...high.map((n) => m.get(n)!));
    const rate = (m: Map<string, number>) => Math.round(pods / ((last(m) - start) / 1000));
    return {
      pods,
      preempted,
      boundPerSecond: rate(bound),
      runningPerSecond: rate(running),
      boundSeconds,
      cpuMsPerPod: {
        machineMs: used.machineMs,
        controlPlaneMs: own(cluster.controlPlanePid),
        hollowMs: own(cluster.hollowPid),
        etcdMs: own(etcd.pid),
      },
    };
  } finally {
    watch.close();
  }
}
