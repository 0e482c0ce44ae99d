// The node runtime alone: container create+start through the agent's gRPC API against a bare
// `runc run` of the same bundle (the floor), the burst floor (many bare `runc run`s at once, as
// many in flight as the agent starts pods), the pod pipeline with its network and no cluster
// around it, and cold/warm pulls.
import * as grpc from '@grpc/grpc-js';
import { AgentClient } from '@stevedore/agent';
import { silentLogger } from '@stevedore/log';
import { PARALLEL_POD_STARTS, startAgent } from '@stevedore/node-agent';
import type { ContainerSummary } from '@stevedore/proto';
import { makeTempDir, type RunningRegistry, type TestImages } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { removeCgroupParent, tryCleanup } from './cleanup';
import { cleanupOnInterrupt } from './interrupt';
import { pipelineFloor } from './pipeline-floor';
import { runcBurstFloor, runcFloor } from './runc-floor';
import { summarize, timed } from './stats';

export async function measureNodeRuntime(_registry: RunningRegistry, images: TestImages, iterations: number, burst: number) {
  const dir = await makeTempDir('bench');
  const cgroupParent = `stevedore-bench-${process.pid}`;
  const agent = await startAgent({ dataDir: dir, insecureRegistries: [], cgroupParent, log: silentLogger });
  const client = new AgentClient(agent.socketPath);
  let last = '';
  const cleanup = async () => {
    // The run may have removed it already: NOT_FOUND is expected.
    if (last) {
      await tryCleanup(
        'remove the last container',
        () =>
          client.request('runtime', 'RemoveContainer', { container: last, force: true }).catch((err: grpc.ServiceError) => {
            if (err.code !== grpc.status.NOT_FOUND) throw err;
          }),
        { container: last.slice(0, 12) },
      );
    }
    client.close();
    await agent.close();
    await removeCgroupParent(cgroupParent);
    await fs.rm(dir, { recursive: true, force: true });
  };
  const release = cleanupOnInterrupt(cleanup);
  try {
    const pull = (image: string) =>
      new Promise<void>((resolve, reject) => {
        const s = client.images.PullImage({ image });
        s.on('data', () => undefined)
          .on('error', reject)
          .on('end', () => resolve());
      });
    const [coldPullMs] = await timed(() => pull(images.busybox));
    const warm: number[] = [];
    for (let i = 0; i < iterations; i++) warm.push((await timed(() => pull(images.busybox)))[0]);

    const starts: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const [ms, c] = await timed(async () => {
        const created = await client.request<ContainerSummary>('runtime', 'CreateContainer', {
          name: `bench-${i}`,
          image: images.busybox,
          command: ['sleep', '60'],
        });
        await client.request('runtime', 'StartContainer', { container: created.id });
        return created;
      });
      starts.push(ms);
      if (last) await client.request('runtime', 'RemoveContainer', { container: last, force: true });
      last = c.id;
    }
    // The floor runs the last container's own bundle (its /etc files still exist until it is removed).
    const { lowerDirs, record } = agent.node.images.rootfsFor(images.busybox);
    const bundleConfig = path.join(dir, 'containers', last, 'bundle', 'config.json');
    const floor = summarize(await runcFloor(bundleConfig, lowerDirs, dir, iterations));
    // As many in flight as the agent starts pods at once.
    const burstFloorPerSecond = await runcBurstFloor(bundleConfig, lowerDirs, dir, burst, PARALLEL_POD_STARTS);
    const pipeline = await pipelineFloor(
      { runtime: agent.node.runtime, image: { ref: images.busybox, id: record.id }, lowerDirs, dir },
      iterations,
      burst,
      PARALLEL_POD_STARTS,
    );
    const start = summarize(starts);
    return {
      runcFloor: floor,
      runcBurstFloor: { containers: burst, parallel: PARALLEL_POD_STARTS, perSecond: burstFloorPerSecond },
      pipeline,
      containerStart: {
        ...start,
        runcFloorP50Ms: floor.p50Ms,
        runcFloorP90Ms: floor.p90Ms,
        ratioP50: Math.round((start.p50Ms / floor.p50Ms) * 100) / 100,
      },
      pull: { coldMs: Math.round(coldPullMs), warm: summarize(warm) },
    };
  } finally {
    release();
    await cleanup();
  }
}
