// npm run bench [-- --quick]: every figure next to a floor measured in the same run.
// Writes bench/results/latest.json and prints a table. Quick mode uses smaller sizes and says so.

import { configureLogging, logger } from '@stevedore/log';
import { pushTestImages, startEtcd, startRegistry } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fillPods, measureApi } from './api-bench';
import { measureBuild } from './build-bench';
import { measureCustomObjects } from './custom-objects-bench';
import { measureDns } from './dns-bench';
import { idleAgentRssMb } from './footprint';
import { measureIngress } from './ingress-bench';
import { cleanupOnInterrupt, guarded } from './interrupt';
import { measureNodeRuntime } from './node-runtime-bench';
import { measurePortForward } from './port-forward-bench';
import { measureRbac } from './rbac-bench';
import { runSchedulerBench, startScaleCluster } from './scheduler-bench';
import { measureStartup } from './startup-bench';

const quick = process.argv.includes('--quick');
/** `--only startup,scheduler` runs just those phases (runtime, build, startup, scheduler, api, ingress, footprint, portforward, dns) and leaves latest.json alone. */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const runs = (phase: string) => !only || only.includes(phase);
const skipped = <T>(phase: string, measure: () => Promise<T>): Promise<T | undefined> =>
  runs(phase) ? measure() : Promise.resolve(undefined);
const SIZES = quick
  ? {
      runtimeIterations: 10,
      buildIterations: 3,
      sequential: 20,
      burst: 30,
      scheduler: [{ nodes: 100, pods: 600 }],
      listPods: 2000,
      watchers: 100,
      customObjects: 1000,
      dns: { services: 100, seconds: 2, latencyRate: 2000 },
    }
  : {
      runtimeIterations: 40,
      buildIterations: 5,
      sequential: 100,
      burst: 200,
      scheduler: [
        { nodes: 1000, pods: 30000 },
        { nodes: 5000, pods: 30000 },
      ],
      listPods: 10000,
      watchers: 500,
      customObjects: 5000,
      dns: { services: 1000, seconds: 10, latencyRate: 2000 },
    };

/** `--scheduler=1000x30000,5000x30000` overrides the scheduler sizes (nodes x pods). */
const schedulerSizes = process.argv
  .find((a) => a.startsWith('--scheduler='))
  ?.slice('--scheduler='.length)
  .split(',')
  .map((size) => {
    const [nodes, pods] = size.split('x').map(Number);
    return { nodes: nodes!, pods: pods! };
  });
if (schedulerSizes) SIZES.scheduler = schedulerSizes;

configureLogging({ level: 'info', format: 'text' });
const log = logger('bench');

async function measureApiOnFreshCluster() {
  const etcd = await startEtcd();
  return guarded(
    () => etcd.stop(),
    async () => {
      await fillPods(etcd, SIZES.listPods);
      const cluster = await startScaleCluster(0, etcd, log);
      return guarded(
        () => cluster.stop(),
        async () => ({
          ...(await measureApi(cluster.api, SIZES.listPods, SIZES.watchers)),
          rbac: await measureRbac(cluster.api, SIZES.listPods, SIZES.watchers),
          customObjects: await measureCustomObjects(cluster.api, cluster.controlPlanePid, SIZES.customObjects),
        }),
      );
    },
  );
}

async function main(): Promise<void> {
  const registry = await startRegistry();
  const release = cleanupOnInterrupt(() => registry.stop());
  try {
    const images = await pushTestImages(registry);
    const runtime = await skipped('runtime', async () => {
      log.info('node runtime: container start through the agent vs bare runc, and pulls');
      return logged('node runtime', await measureNodeRuntime(registry, images, SIZES.runtimeIterations, SIZES.burst));
    });
    const build = await skipped('build', async () => {
      log.info('image build: full build vs one changed file in the last COPY');
      return logged('image build', await measureBuild(images, SIZES.buildIterations));
    });
    const startup = await skipped('startup', async () => {
      log.info('pod startup on the all-in-one cluster');
      return logged('pod startup', await measureStartup(registry, images, SIZES.sequential, SIZES.burst));
    });
    const scheduler = await skipped('scheduler', async () => {
      log.info('scheduler throughput with hollow nodes');
      return runSchedulerBench(SIZES.scheduler, log);
    });
    const api = await skipped('api', async () => {
      log.info('API list and watch');
      return logged('API', await measureApiOnFreshCluster());
    });
    const ingress = await skipped('ingress', async () => {
      log.info('ingress requests per second, built-in controller vs nginx');
      return logged('ingress', await measureIngress(registry, images.busybox, quick ? 5 : 15));
    });
    const portForward = await skipped('portforward', async () => {
      log.info('port-forward throughput vs a plain TCP copy');
      return logged('port-forward', await measurePortForward(registry, images));
    });
    const agentIdleRssMb = await skipped('footprint', idleAgentRssMb);
    const dns = await skipped('dns', async () => {
      log.info('cluster DNS: dnsperf against the node DNS server and against unbound');
      return logged('cluster DNS', await measureDns(SIZES.dns));
    });
    const results = {
      mode: quick ? 'quick' : 'full',
      ...(only ? { only } : {}),
      sizes: SIZES,
      machine: { cpus: os.cpus().length, node: process.version },
      podStartup: startup && {
        ...startup.sequential,
        runcFloorMs: runtime?.runcFloor.p50Ms,
        ratioP50: runtime && round2(startup.sequential.p50Ms / runtime.runcFloor.p50Ms),
        pipelineP50Ms: runtime?.pipeline.sequential.p50Ms,
      },
      burst: startup && {
        ...startup.burst,
        runcFloorPodsPerSecond: runtime?.runcBurstFloor.perSecond,
        runcFloorParallel: runtime?.runcBurstFloor.parallel,
        pipelinePodsPerSecond: runtime?.pipeline.burst.podsPerSecond,
        pipelineCpuMsPerPod: runtime?.pipeline.burst.machineCpuMsPerPod,
      },
      scheduler: scheduler?.results,
      api: api && {
        listPods10kMs: api.listPodsMs,
        listPods10kTableMs: api.listPodsTableMs,
        watchDeliveryP99Ms: api.watchDeliveryP99Ms,
        listedPods: api.pods,
        watchers: api.watchers,
        rbac: api.rbac,
        customObjects: api.customObjects,
      },
      footprint: { controlPlaneRssMb: scheduler?.controlPlaneRssMb, agentIdleRssMb, controlPlaneAt: scheduler?.controlPlaneAt },
      ingress,
      containerStart: runtime?.containerStart,
      pull: runtime?.pull,
      build,
      dns,
      portForward,
    };
    const out = path.resolve(process.cwd(), only ? `bench/results/only-${only.join('-')}.json` : 'bench/results/latest.json');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, JSON.stringify(results, null, 2) + '\n');
    printTable(results);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    release();
    await registry.stop();
  }
}

function logged<T>(what: string, value: T): T {
  log.info(`${what}: ${JSON.stringify(value)}`);
  return value;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** One row per figure measured; phases left out with --only print nothing. */
function printTable(r: any): void {
  const rows: [string, string][] = [];
  if (r.podStartup) {
    rows.push([
      `pod startup p50/p90/p99 (${r.podStartup.n} pods, cached image)`,
      `${r.podStartup.p50Ms} / ${r.podStartup.p90Ms} / ${r.podStartup.p99Ms} ms`,
    ]);
    if (r.podStartup.runcFloorMs)
      rows.push(['  floor: bare runc run p50', `${r.podStartup.runcFloorMs} ms (ratio ${r.podStartup.ratioP50}x)`]);
    if (r.podStartup.pipelineP50Ms) rows.push(['  node pipeline alone (CNI, runc under conmon) p50', `${r.podStartup.pipelineP50Ms} ms`]);
    rows.push([`burst: ${r.burst.pods} pods at once`, `${r.burst.seconds} s, ${r.burst.podsPerSecond} pods/s`]);
    if (r.burst.runcFloorPodsPerSecond)
      rows.push([
        `  floor: bare runc run, ${r.burst.pods} at once (${r.burst.runcFloorParallel} in flight)`,
        `${r.burst.runcFloorPodsPerSecond} containers/s`,
      ]);
    if (r.burst.pipelinePodsPerSecond)
      rows.push([
        '  node pipeline alone, as many (machine CPU per pod)',
        `${r.burst.pipelinePodsPerSecond} pods/s (${r.burst.pipelineCpuMsPerPod} ms)`,
      ]);
    const cpu = r.burst.cpuMsPerPod;
    if (cpu)
      rows.push([
        '  CPU per pod: machine / up / host commands / etcd',
        `${cpu.machineMs} / ${cpu.upMs} / ${cpu.commandsMs} / ${cpu.etcdMs} ms`,
      ]);
  }
  for (const s of r.scheduler ?? []) {
    rows.push([
      `scheduler: ${s.nodes} hollow nodes, ${s.pods} pods`,
      s.error
        ? `failed: ${s.error}`
        : `${s.boundPerSecond} bound/s, ${s.runningPerSecond} running/s (etcd floor ${s.etcdPutsPerSecond} puts/s)`,
    ]);
    const cpu = s.cpuMsPerPod;
    if (cpu)
      rows.push([
        '  CPU per pod: machine / control plane / hollow / etcd',
        `${cpu.machineMs} / ${cpu.controlPlaneMs} / ${cpu.hollowMs} / ${cpu.etcdMs} ms`,
      ]);
    const d = s.deployment;
    if (d)
      rows.push([
        `  then a Deployment of ${d.replicas} replicas`,
        `${d.seconds} s to Running, ${d.runningPerSecond} pods/s (CPU per pod ${d.cpuMsPerPod.machineMs} ms)`,
      ]);
    const p = s.preemption;
    if (p) {
      rows.push([
        `  with priorities, a tenth preempting (${p.preempted} preempted)`,
        `${p.boundPerSecond} bound/s, ${p.runningPerSecond} running/s (${p.pods} pods; 90 % bound by ${p.boundSeconds.ninetyPercent} s, all by ${p.boundSeconds.all} s)`,
      ]);
      const c = p.cpuMsPerPod;
      rows.push([
        '    CPU per pod: machine / control plane / hollow / etcd',
        `${c.machineMs} / ${c.controlPlaneMs} / ${c.hollowMs} / ${c.etcdMs} ms`,
      ]);
    }
    if (s.preemptionError) rows.push(['  with priorities, a tenth preempting', `failed: ${s.preemptionError}`]);
  }
  if (r.api) {
    rows.push([`list ${r.api.listedPods} pods: JSON / Table`, `${r.api.listPods10kMs} / ${r.api.listPods10kTableMs} ms`]);
    rows.push([`watch delivery p99, ${r.api.watchers} watchers`, `${r.api.watchDeliveryP99Ms} ms`]);
    const rbac = r.api.rbac;
    if (rbac) {
      rows.push([
        '  list, RBAC off / on (masters / ServiceAccount)',
        `${rbac.listOffMs} / ${rbac.listOnMs} ms (${rbac.listOverheadPercent} %)`,
      ]);
      rows.push(['  watch p99, RBAC off / on', `${rbac.watchOffP99Ms} / ${rbac.watchOnP99Ms} ms (${rbac.watchOverheadPercent} %)`]);
    }
    const custom = r.api.customObjects;
    if (custom) {
      rows.push([
        `create ${custom.objects} custom objects (50 fields, 2 CEL rules)`,
        `${custom.customMs} ms, ${custom.customCpuMs} ms control-plane CPU each`,
      ]);
      rows.push([
        '  floor: as many ConfigMaps with the same values',
        `${custom.configMapMs} ms, ${custom.configMapCpuMs} ms CPU each (ratio ${custom.cpuRatio}x CPU, ${custom.timeRatio}x time)`,
      ]);
    }
  }
  if (r.ingress) {
    rows.push([`ingress req/s, ${r.ingress.connections} connections, p99`, `${r.ingress.requestsPerSecond} req/s, ${r.ingress.p99Ms} ms`]);
    rows.push([
      '  floor: nginx (1 worker) to the same pods',
      `${r.ingress.nginxRequestsPerSecond} req/s, ${r.ingress.nginxP99Ms} ms (ratio ${r.ingress.ratio}x)`,
    ]);
  }
  rows.push(['control plane RSS / idle agent RSS', `${r.footprint.controlPlaneRssMb ?? '-'} / ${r.footprint.agentIdleRssMb ?? '-'} MB`]);
  if (r.build) {
    rows.push([`image build p50 (${r.build.full.n} each): full (--no-cache)`, `${r.build.full.p50Ms} ms`]);
    rows.push(['  one file changed in the last COPY', `${r.build.oneFileChanged.p50Ms} ms (ratio ${r.build.ratioP50}x)`]);
  }
  if (r.containerStart) {
    rows.push([
      'container create+start via agent p50 (runc floor p50)',
      `${r.containerStart.p50Ms} ms (${r.containerStart.runcFloorP50Ms} ms, ${r.containerStart.ratioP50}x)`,
    ]);
    rows.push(['pull: cold / warm p50', `${r.pull.coldMs} / ${r.pull.warm.p50Ms} ms`]);
  }
  if (r.dns) {
    const d = r.dns;
    rows.push([
      `cluster DNS, ${d.services} Services: queries/s (p99 at ${d.latencyRate}/s)`,
      `${d.cluster.queriesPerSecond} (${d.cluster.p99Ms} ms)`,
    ]);
    rows.push(['  floor: unbound, same names', `${d.unbound.queriesPerSecond} (${d.unbound.p99Ms} ms), ratio ${d.ratio}`]);
  }
  if (r.portForward) {
    const p = r.portForward;
    rows.push([
      `port-forward: ${p.bytes / 1e6} MB through kubectl (plain TCP floor)`,
      `${p.portForwardMBps} MB/s (${p.plainTcpMBps} MB/s, ratio ${p.ratio})`,
    ]);
  }
  process.stdout.write(`\n${'benchmark'.padEnd(58)}result (${r.mode} mode${r.only ? `, only ${r.only.join(', ')}` : ''})\n`);
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(58)}${value}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
