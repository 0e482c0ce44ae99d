// npm run bench [-- --quick]: every figure next to a floor measured in the same run.
// Writes bench/results/latest.json and prints a table. Quick mode uses smaller sizes and says so.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pushTestImages, startEtcd, startRegistry } from '@stevedore/testing';
import { fillPods, measureApi } from './api-bench';
import { idleAgentRssMb } from './footprint';
import { cleanupOnInterrupt, guarded } from './interrupt';
import { measureNodeRuntime } from './node-runtime-bench';
import { runSchedulerBench, startScaleCluster } from './scheduler-bench';
import { measureStartup } from './startup-bench';

const quick = process.argv.includes('--quick');
const SIZES = quick
  ? { runtimeIterations: 10, sequential: 20, burst: 30, scheduler: [{ nodes: 100, pods: 600 }], listPods: 2000, watchers: 100 }
  : { runtimeIterations: 40, sequential: 100, burst: 200, scheduler: [{ nodes: 1000, pods: 30000 }, { nodes: 5000, pods: 30000 }], listPods: 10000, watchers: 500 };

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

async function measureApiOnFreshCluster() {
  const etcd = await startEtcd();
  return guarded(() => etcd.stop(), async () => {
    await fillPods(etcd, SIZES.listPods);
    const cluster = await startScaleCluster(0, etcd, log);
    return guarded(() => cluster.stop(), () => measureApi(cluster.api, SIZES.listPods, SIZES.watchers));
  });
}

async function main(): Promise<void> {
  const registry = await startRegistry();
  const release = cleanupOnInterrupt(() => registry.stop());
  try {
    const images = await pushTestImages(registry);
    log('node runtime: container start through the agent vs bare runc, and pulls');
    const runtime = await measureNodeRuntime(registry, images, SIZES.runtimeIterations);
    log(`node runtime: ${JSON.stringify(runtime)}`);
    log('pod startup on the all-in-one cluster');
    const startup = await measureStartup(registry, images, SIZES.sequential, SIZES.burst);
    log(`pod startup: ${JSON.stringify(startup)}`);
    log('scheduler throughput with hollow nodes');
    const scheduler = await runSchedulerBench(SIZES.scheduler, log);
    log('API list and watch');
    const api = await measureApiOnFreshCluster();
    log(`API: ${JSON.stringify(api)}`);
    const agentIdleRssMb = await idleAgentRssMb();
    const results = {
      mode: quick ? 'quick' : 'full',
      sizes: SIZES,
      machine: { cpus: os.cpus().length, node: process.version },
      podStartup: { ...startup.sequential, runcFloorMs: runtime.runcFloor.p50Ms, ratioP50: round2(startup.sequential.p50Ms / runtime.runcFloor.p50Ms) },
      burst: startup.burst,
      scheduler: scheduler.results,
      api: {
        listPods10kMs: api.listPodsMs, listPods10kTableMs: api.listPodsTableMs, watchDeliveryP99Ms: api.watchDeliveryP99Ms,
        listedPods: api.pods, watchers: api.watchers,
      },
      footprint: { controlPlaneRssMb: scheduler.controlPlaneRssMb, agentIdleRssMb, controlPlaneAt: scheduler.controlPlaneAt },
      containerStart: runtime.containerStart,
      pull: runtime.pull,
    };
    const out = path.resolve(process.cwd(), 'bench/results/latest.json');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, JSON.stringify(results, null, 2) + '\n');
    printTable(results);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    release();
    await registry.stop();
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function printTable(r: any): void {
  const rows: [string, string][] = [
    [`pod startup p50/p90/p99 (${r.podStartup.n} pods, cached image)`, `${r.podStartup.p50Ms} / ${r.podStartup.p90Ms} / ${r.podStartup.p99Ms} ms`],
    ['  floor: bare runc run p50', `${r.podStartup.runcFloorMs} ms (ratio ${r.podStartup.ratioP50}x)`],
    [`burst: ${r.burst.pods} pods at once`, `${r.burst.seconds} s, ${r.burst.podsPerSecond} pods/s`],
    ...r.scheduler.map((s: any): [string, string] => [`scheduler: ${s.nodes} hollow nodes, ${s.pods} pods`,
      s.error ? `failed: ${s.error}` : `${s.boundPerSecond} bound/s, ${s.runningPerSecond} running/s (etcd floor ${s.etcdPutsPerSecond} puts/s)`]),
    [`list ${r.api.listedPods} pods: JSON / Table`, `${r.api.listPods10kMs} / ${r.api.listPods10kTableMs} ms`],
    [`watch delivery p99, ${r.api.watchers} watchers`, `${r.api.watchDeliveryP99Ms} ms`],
    ['control plane RSS / idle agent RSS', `${r.footprint.controlPlaneRssMb} / ${r.footprint.agentIdleRssMb} MB`],
    ['container create+start via agent p50 (runc floor p50)', `${r.containerStart.p50Ms} ms (${r.containerStart.runcFloorP50Ms} ms, ${r.containerStart.ratioP50}x)`],
    ['pull: cold / warm p50', `${r.pull.coldMs} / ${r.pull.warm.p50Ms} ms`],
  ];
  process.stdout.write(`\n${'benchmark'.padEnd(58)}result (${r.mode} mode)\n`);
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(58)}${value}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
