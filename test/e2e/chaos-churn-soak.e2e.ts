// Fault 9 of the fault-injection suite: a churn soak. Pods are created and deleted at 10 a second
// (each lives 3 s) against a control plane and an agent that are separate processes, while their
// resident memory, open descriptors and libuv handles are sampled. A leak is growth that goes on:
// the test fits a least-squares line over the second half of the samples (after warm-up) and
// fails when a slope passes its bound. When the churn stops and every pod is gone, both processes
// must be back to the descriptors and handles they had before it, and the node must hold no
// container, mount, cgroup or network namespace of the churned pods.
//
// STEVEDORE_SOAK_SECONDS sets the churn's length: 90 s by default (`npm test`, about 2.5 min in
// all), 1200 s under `npm run chaos`. STEVEDORE_SOAK_RATE sets the pods a second (10).

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import { type ApiClient, apiClient } from './support/api-client';
import { nodeLeaks } from './support/node-leaks';
import { startChurn } from './support/pod-churn';
import { type ProcessSample, type Slopes, sampleProcess, slopesOf, startSampling, type Watched } from './support/process-sampler';
import { type SplitCluster, startSplitCluster } from './support/split-cluster';

const SOAK_SECONDS = Number(process.env.STEVEDORE_SOAK_SECONDS ?? 90);
const RATE = Number(process.env.STEVEDORE_SOAK_RATE ?? 10);
const LIFETIME_SECONDS = 3;
// About 60 samples whatever the length: every 2 s for a short soak, every 20 s for 20 minutes.
const SAMPLE_MS = Math.min(20_000, Math.max(2000, (SOAK_SECONDS * 1000) / 60));

jest.setTimeout((SOAK_SECONDS + 240) * 1000);

// Bounds. Every pod opens descriptors and handles in both processes (its watch events, the
// agent's pipes, sockets and timers for its containers), so a leak of one per pod grows by the
// pod rate: 600 a minute at 10 pods a second. Work in flight makes the counts wobble by a few
// dozen, which over a 45 s half-window of the short run can read as ~20 a minute; a bound of one
// twentieth of the pod rate (30 a minute) stays clear of that and still fails a leak in one pod of
// twenty. Memory is noisier (the collector's sawtooth is tens of MB), so its slope is asserted
// only when the second half spans 5 minutes or more; 2 MB a minute there is a leak of 3.4 KB per
// pod, or 2.9 GB a day.
const PODS_PER_MIN = RATE * 60;
const COUNT_BOUND_PER_MIN = PODS_PER_MIN / 20;
const MB_BOUND_PER_MIN = 2;
const MEMORY_ASSERTED = SOAK_SECONDS / 2 >= 300;

describe('fault 9: a churn soak of pods created and deleted at 10 a second', () => {
  let cluster: SplitCluster | undefined;
  let client: ApiClient | undefined;

  beforeAll(async () => {
    cluster = await startSplitCluster();
    client = await apiClient(cluster.kubeconfig);
  });

  afterAll(async () => {
    client?.close();
    expect((await cluster?.destroy()) ?? []).toEqual([]);
  });

  const pod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'churn' } },
    spec: {
      terminationGracePeriodSeconds: 2,
      restartPolicy: 'Never',
      containers: [
        {
          name: 'c',
          image: cluster!.images.busybox,
          // PID 1 ignores SIGTERM unless it traps it: without this each delete waits out the grace period.
          command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"],
          resources: { requests: { cpu: '1m', memory: '4Mi' }, limits: { memory: '16Mi' } },
        },
      ],
    },
  });
  const podNames = async () => {
    const res = await client!.request('GET', '/api/v1/namespaces/soak/pods');
    if (res.status !== 200) throw new Error(`listing pods: ${res.status} ${res.body.slice(0, 200)}`);
    return (JSON.parse(res.body) as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name);
  };
  const metricsOf = (path: string) => async () => {
    const res = await client!.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
    return res.body;
  };
  const noPodsLeft = async (what: string) => {
    await waitFor(async () => (await podNames()).length === 0 || undefined, { what, timeoutMs: 300_000, intervalMs: 2000 });
    await waitFor(async () => (await nodeLeaks(cluster!.agentDir, cluster!.cgroupParent, [])).running === 0 || undefined, {
      what: 'no container running on the node',
      timeoutMs: 60_000,
      intervalMs: 1000,
    });
  };

  it('keeps memory, descriptors and handles of the control plane and the agent flat', async () => {
    const { controlPlane, agent } = cluster!.pids();
    const watched: Watched[] = [
      { name: 'control plane', pid: controlPlane!, metrics: metricsOf('/metrics') },
      { name: 'agent', pid: agent!, metrics: metricsOf(`/api/v1/nodes/${cluster!.nodeName}/proxy/metrics`) },
    ];
    expect((await cluster!.kubectl('create', 'namespace', 'soak')).code).toBe(0);
    await waitFor(async () => (await cluster!.kubectl('get', 'serviceaccount', 'default', '-n', 'soak')).code === 0 || undefined, {
      what: 'the default ServiceAccount of soak',
    });

    // Warm-up: a first round of pods pulls the image and opens what stays open (caches, watches).
    const warm = startChurn(client!, { namespace: 'soak', ratePerSecond: RATE, lifetimeSeconds: LIFETIME_SECONDS, pod });
    await new Promise((r) => setTimeout(r, 15_000));
    await warm.stop();
    await noPodsLeft('the warm-up pods to be gone');
    const idleBefore = await idleSamples(watched);

    const startedBefore = podStarts(await watched[1]!.metrics());
    const sampling = startSampling(watched, SAMPLE_MS);
    const churn = startChurn(client!, { namespace: 'soak', ratePerSecond: RATE, lifetimeSeconds: LIFETIME_SECONDS, pod });
    await new Promise((r) => setTimeout(r, SOAK_SECONDS * 1000));
    const counts = await churn.stop();
    const series = sampling.stop();
    const started = podStarts(await watched[1]!.metrics()) - startedBefore;
    // The raw series, to look into a slope that failed (STEVEDORE_SOAK_OUT=FILE).
    if (process.env.STEVEDORE_SOAK_OUT) await fs.writeFile(process.env.STEVEDORE_SOAK_OUT, JSON.stringify(Object.fromEntries(series)));
    // A create whose answer timed out may still have made its pod: remove whatever is left.
    const leftOver = (await podNames()).length;
    await client!.request('DELETE', '/api/v1/namespaces/soak/pods?labelSelector=app%3Dchurn');
    await noPodsLeft('every churned pod to be gone');

    // Idle again: the connections this test kept open are closed first (they are the server's descriptors).
    client!.close();
    const idleAfter = await idleSamples(watched);
    const slopes = new Map([...series].map(([name, samples]) => [name, slopesOf(samples)]));
    const leaks = await nodeLeaks(cluster!.agentDir, cluster!.cgroupParent, []);
    process.stdout.write(
      `fault 9: ${SOAK_SECONDS} s of churn at ${RATE} pods/s: ${counts.created} created, ${counts.deleted} deleted, ` +
        `${started} started on the node, ${counts.skipped} ticks skipped, failures ${JSON.stringify(counts.failures)}, ` +
        `unanswered ${JSON.stringify(counts.unanswered)}, ` +
        `${leftOver} pods still listed (most terminating) when it stopped; ` +
        `slopes over the second half (${series.get('agent')!.length} samples every ${SAMPLE_MS / 1000} s): ` +
        [...slopes].map(([name, s]) => `${name} ${describeSlopes(s)}`).join('; ') +
        `; idle before/after: ${[...idleBefore.keys()].map((n) => `${n} ${describeIdle(idleBefore.get(n)!, idleAfter.get(n)!)}`).join('; ')}` +
        `; left on the node: ${leaks.halfMade.length} half-made, ${leaks.mounts.length} mounts, ${leaks.cgroups.length} cgroups, ${leaks.netns.length} netns\n`,
    );

    expect(counts.created).toBeGreaterThan(SOAK_SECONDS * RATE * 0.5);
    // Every answer was a success, but for timeouts: on a machine shared with other work a request
    // may go unanswered in 30 s, or the API may answer 504 when etcd does not answer in time (the
    // two 20-minute runs saw 3 and 1 of about 23,500). One in a thousand passes; any other failure fails.
    const timedOut = Object.values(counts.unanswered).reduce((a, b) => a + b, 0) + timeouts(counts.failures);
    expect(Object.keys(counts.failures).filter((f) => !f.endsWith(' 504'))).toEqual([]);
    expect(timedOut).toBeLessThanOrEqual((counts.created + counts.deleted) / 1000);
    expect(leaks).toMatchObject({ halfMade: [], mounts: [], cgroups: [], netns: [], runningTwice: [], running: 0 });
    // Every bound passed, named with its value, so a failure says which and by how much.
    const over: string[] = [];
    for (const [name, before] of idleBefore) {
      const after = idleAfter.get(name)!;
      // Back where it was once the churn is over: a few of slack for a connection being reused.
      if (after.fds - before.fds > 5) over.push(`${name}: ${before.fds} fds idle before, ${after.fds} after`);
      if (after.handles - before.handles > 5) over.push(`${name}: ${before.handles} handles idle before, ${after.handles} after`);
    }
    for (const [name, s] of slopes) {
      if (s.fdsPerMin > COUNT_BOUND_PER_MIN) over.push(`${name}: ${s.fdsPerMin.toFixed(2)} fds/min > ${COUNT_BOUND_PER_MIN}`);
      if (s.handlesPerMin > COUNT_BOUND_PER_MIN) over.push(`${name}: ${s.handlesPerMin.toFixed(2)} handles/min > ${COUNT_BOUND_PER_MIN}`);
      if (MEMORY_ASSERTED && s.mbPerMin > MB_BOUND_PER_MIN) over.push(`${name}: ${s.mbPerMin.toFixed(2)} MB/min > ${MB_BOUND_PER_MIN}`);
    }
    expect(over).toEqual([]);
  });
});

/** Each process's counts once it has settled: the lowest of five samples a second apart. */
async function idleSamples(watched: Watched[]): Promise<Map<string, ProcessSample>> {
  const lowest = new Map<string, ProcessSample>();
  for (let i = 0; i < 5; i++) {
    for (const w of watched) {
      const s = await sampleProcess(w, i);
      const prev = lowest.get(w.name);
      lowest.set(w.name, prev ? { ...s, fds: Math.min(prev.fds, s.fds), handles: Math.min(prev.handles, s.handles) } : s);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return lowest;
}

/** Answers of 504 (the API's own timeout) among the failures. */
function timeouts(failures: Record<string, number>): number {
  return Object.entries(failures).reduce((sum, [what, n]) => sum + (what.endsWith(' 504') ? n : 0), 0);
}

/** Pods the agent started (the count of its pod start histogram). */
function podStarts(exposition: string): number {
  return Number(/^kubelet_pod_start_duration_seconds_count(?:\{[^}]*\})? (\S+)/m.exec(exposition)?.[1] ?? 0);
}

const describeSlopes = (s: Slopes) =>
  `${s.mbPerMin.toFixed(2)} MB/min (heap ${s.heapMbPerMin.toFixed(2)}), ${s.fdsPerMin.toFixed(2)} fds/min, ${s.handlesPerMin.toFixed(2)} handles/min`;
const describeIdle = (before: ProcessSample, after: ProcessSample) =>
  `${before.rssMb.toFixed(0)}/${after.rssMb.toFixed(0)} MB, ${before.fds}/${after.fds} fds, ${before.handles}/${after.handles} handles`;
