// npm run bench [-- --quick]: node runtime figures, each next to a floor measured in the same run.
// Writes bench/results/latest.json and prints a table.
import { promises as fs } from 'fs';
import * as path from 'path';
import { AgentClient } from '@stevedore/agent';
import { startAgent } from '@stevedore/node-agent';
import type { ContainerSummary } from '@stevedore/proto';
import { makeTempDir, pushTestImages, startRegistry } from '@stevedore/testing';
import { runcFloor } from './runc-floor';
import { summarize, timed } from './stats';

const quick = process.argv.includes('--quick');
const ITERATIONS = quick ? 10 : 40;

async function main(): Promise<void> {
  const registry = await startRegistry();
  const dir = await makeTempDir('bench');
  const cgroupParent = `stevedore-bench-${process.pid}`;
  const agent = await startAgent({ dataDir: dir, insecureRegistries: [], cgroupParent, log: () => undefined });
  const client = new AgentClient(agent.socketPath);
  try {
    const images = await pushTestImages(registry);
    const pull = (image: string) => new Promise<void>((resolve, reject) => {
      const s = client.images.PullImage({ image });
      s.on('data', () => undefined).on('error', reject).on('end', () => resolve());
    });
    const [coldPullMs] = await timed(() => pull(images.busybox));
    const warm: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) warm.push((await timed(() => pull(images.busybox)))[0]);

    const starts: number[] = [];
    let last = '';
    for (let i = 0; i < ITERATIONS; i++) {
      const [ms, c] = await timed(async () => {
        const created = await client.request<ContainerSummary>('runtime', 'CreateContainer', { name: `bench-${i}`, image: images.busybox, command: ['sleep', '60'] });
        await client.request('runtime', 'StartContainer', { container: created.id });
        return created;
      });
      starts.push(ms);
      if (last) await client.request('runtime', 'RemoveContainer', { container: last, force: true });
      last = c.id;
    }
    // The floor runs the last container's own bundle (its /etc files still exist until it is removed).
    const lowerDirs = agent.node.images.rootfsFor(images.busybox).lowerDirs;
    const floor = await runcFloor(path.join(dir, 'containers', last, 'bundle', 'config.json'), lowerDirs, dir, ITERATIONS);
    await client.request('runtime', 'RemoveContainer', { container: last, force: true });

    const start = summarize(starts);
    const runc = summarize(floor);
    const results = {
      mode: quick ? 'quick' : 'full',
      machine: { cpus: (await import('os')).cpus().length, node: process.version },
      containerStart: { ...start, runcFloorP50Ms: runc.p50Ms, runcFloorP90Ms: runc.p90Ms, ratioP50: Math.round((start.p50Ms / runc.p50Ms) * 100) / 100 },
      pull: { coldMs: Math.round(coldPullMs), warm: summarize(warm) },
    };
    await fs.mkdir(path.join(__dirname, '../../bench/results'), { recursive: true }).catch(() => undefined);
    const out = path.resolve(process.cwd(), 'bench/results/latest.json');
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, JSON.stringify(results, null, 2) + '\n');
    const rows = [
      ['container create+start (agent, gRPC)', `${start.p50Ms}`, `${start.p90Ms}`, `${start.p99Ms}`],
      ['bare runc run --detach (floor)', `${runc.p50Ms}`, `${runc.p90Ms}`, `${runc.p99Ms}`],
      ['warm pull (manifest only)', `${results.pull.warm.p50Ms}`, `${results.pull.warm.p90Ms}`, `${results.pull.warm.p99Ms}`],
    ];
    process.stdout.write(`\n${'benchmark'.padEnd(40)}${'p50 ms'.padStart(10)}${'p90 ms'.padStart(10)}${'p99 ms'.padStart(10)}\n`);
    for (const r of rows) process.stdout.write(`${r[0]!.padEnd(40)}${r[1]!.padStart(10)}${r[2]!.padStart(10)}${r[3]!.padStart(10)}\n`);
    process.stdout.write(`\nstart ratio (agent p50 / runc p50): ${results.containerStart.ratioP50}x   cold pull: ${results.pull.coldMs} ms   (${ITERATIONS} iterations, ${results.mode})\nwrote ${out}\n`);
  } finally {
    client.close();
    await agent.close();
    for (const h of await fs.readdir('/sys/fs/cgroup')) await fs.rmdir(path.join('/sys/fs/cgroup', h, cgroupParent)).catch(() => undefined);
    await registry.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
