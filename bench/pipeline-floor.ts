// The node's pod pipeline alone, with no cluster around it: per pod a network namespace wired by
// the same CNI plugins (bridge + host-local), then a container created and started in it by the
// same runtime (overlay mount, bundle, runc under conmon). This is what a pod costs the host
// whatever the orchestrator does, so pod startup and the burst read against it: what lies
// between is ours (API, scheduling, the agent's pod worker, status reports).

import { PodNetwork } from '@stevedore/network';
import { type ContainerRuntime, ignoreNoSuchContainer } from '@stevedore/runtime';
import { randomUUID } from 'crypto';
import * as path from 'path';
import { pooled } from './api-client';
import { tryCleanup } from './cleanup';
import { cpuMsPer, sampleCpu } from './cpu-usage';
import { summarize, timed } from './stats';

/** Inside the cluster CIDR and clear of the /24 that `up` gives its node (198.19.0.0/24). */
const PIPELINE_CIDR = '198.19.254.0/24';

export interface PipelineTarget {
  runtime: ContainerRuntime;
  image: { ref: string; id: string };
  lowerDirs: string[];
  /** A scratch folder for host-local's leases. */
  dir: string;
}

/** A pod of the pipeline: its network sandbox's id, then its container's. */
interface PipelinePod {
  uid: string;
  containerId?: string;
}

export interface PipelineFloor {
  sequential: ReturnType<typeof summarize>;
  burst: { pods: number; parallel: number; podsPerSecond: number; machineCpuMsPerPod: number };
}

/** `sequential` pods one after another, then `burst` pods `parallel` at a time (as the agent's start slots). */
export async function pipelineFloor(target: PipelineTarget, sequential: number, burst: number, parallel: number): Promise<PipelineFloor> {
  const network = new PodNetwork({
    podCidr: PIPELINE_CIDR,
    bridge: `stvdp${process.pid % 100000}`,
    stateDir: path.join(target.dir, 'pipeline-cni'),
  });
  const pods: PipelinePod[] = [];
  const startPod = async (name: string) => {
    const pod: PipelinePod = { uid: randomUUID() };
    pods.push(pod);
    const sandbox = await network.setUp(pod.uid);
    const container = await target.runtime.create({
      name,
      image: target.image,
      rootfs: { lowerDirs: target.lowerDirs },
      netns: sandbox.netnsPath,
      process: { args: ['sleep', '3600'], env: ['PATH=/bin'], cwd: '/' },
    });
    pod.containerId = container.id;
    await target.runtime.start(container.id);
  };
  const removeAll = () =>
    pooled(pods.splice(0), parallel, async (pod) => {
      const id = pod.containerId;
      if (id)
        await tryCleanup('remove the container', () => ignoreNoSuchContainer(target.runtime.remove(id, { force: true })), {
          container: id.slice(0, 12),
        });
      await tryCleanup('tear down the pod network', () => network.tearDown(pod.uid, false), { pod: pod.uid });
    });
  try {
    const samples: number[] = [];
    for (let i = 0; i < sequential; i++) samples.push((await timed(() => startPod(`pipeline-seq-${i}`)))[0]);
    await removeAll();
    const names = Array.from({ length: burst }, (_, i) => `pipeline-burst-${i}`);
    const before = await sampleCpu([]);
    const [ms] = await timed(() => pooled(names, parallel, startPod));
    const cpu = cpuMsPer(before, await sampleCpu([]), burst);
    return {
      sequential: summarize(samples),
      burst: { pods: burst, parallel, podsPerSecond: Math.round((burst / (ms / 1000)) * 10) / 10, machineCpuMsPerPod: cpu.machineMs },
    };
  } finally {
    await removeAll();
    await tryCleanup('remove the bridge', () => network.removeBridge());
  }
}
