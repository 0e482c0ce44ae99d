// etcd, `stevedore control-plane` and one `stevedore agent`, each its own process as on several
// hosts, with a registry holding the test images: one part can be stopped and started again
// while the others keep running (the control plane for a CronJob's missed schedules, say).

import { netnsNameFor, removeChains, serviceChainPrefix } from '@stevedore/network';
import {
  freePort,
  makeTempDir,
  pushTestImages,
  type RunningEtcd,
  type RunningRegistry,
  spawnTracked,
  startEtcd,
  startRegistry,
  stopProcess,
  type TestImages,
  waitFor,
} from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CLI } from './agent-process';
import { cgroupDirs, removeCgroupParent } from './busybox-rootfs';
import { podUidsIn, removeAgentContainers } from './cluster-process';

type Result = { code: number; stdout: string; stderr: string };

interface Proc {
  child: ReturnType<typeof spawnTracked>;
  output: () => string;
}

function launch(args: string[]): Proc {
  const child = spawnTracked(process.execPath, [CLI, ...args]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return { child, output: () => output };
}

export interface SplitCluster {
  images: TestImages;
  nodeName: string;
  /** The admin kubeconfig (server address and token). */
  kubeconfig: string;
  /** The agent's data dir and cgroup parent, to count what it leaves behind. */
  agentDir: string;
  cgroupParent: string;
  /** The PIDs of the running control plane and agent, to sample them from /proc. */
  pids(): { controlPlane?: number; agent?: number };
  kubectl(...args: string[]): Promise<Result>;
  /** Writes a manifest into the test's directory and applies it with kubectl. */
  apply(name: string, yaml: string): Promise<Result>;
  /** Stops the control plane (SIGTERM); etcd and the agent keep running. */
  stopControlPlane(): Promise<void>;
  /** Starts the control plane again on the same data dir, ports and etcd; resolves once it is up. */
  startControlPlane(): Promise<void>;
  /** Stops everything and removes what it made; returns the cgroups left behind (none, when clean). */
  destroy(): Promise<string[]>;
}

export async function startSplitCluster(controlPlaneArgs: string[] = []): Promise<SplitCluster> {
  const dir = await makeTempDir('split-cluster');
  const suffix = Math.random().toString(16).slice(2, 6);
  const nodeName = `split-${suffix}`;
  const [cgroupParent, bridge] = [`stevedore-split-${suffix}`, `stvdsp${suffix}`];
  let etcd: RunningEtcd | undefined;
  let registry: RunningRegistry | undefined;
  let controlPlane: Proc | undefined;
  let agent: Proc | undefined;
  const [apiPort, agentPort] = [await freePort(), await freePort()];
  const kubectl = (...args: string[]) =>
    new Promise<Result>((resolve) => {
      const config = ['--kubeconfig', path.join(dir, 'cp', 'kubeconfig'), '--cache-dir', path.join(dir, 'cache')];
      execFile('kubectl', [...config, ...args], { timeout: 60000 }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
    });

  const startControlPlane = async () => {
    const args = ['--data-dir', path.join(dir, 'cp'), '--api-port', String(apiPort), '--agent-port', String(agentPort)];
    const cp = launch(['control-plane', ...args, ...etcd!.flags(), '--node', nodeName, ...controlPlaneArgs]);
    controlPlane = cp;
    await waitFor(
      async () => cp.output().includes('control plane up') || (cp.child.exitCode !== null && Promise.reject(new Error(cp.output()))),
      {
        what: `the control plane (${cp.output()})`,
        timeoutMs: 30000,
      },
    );
  };

  const destroy = async () => {
    await kubectl('delete', 'pods', '--all', '-A', '--grace-period=0', '--force', '--wait=false');
    await (agent && stopProcess(agent.child));
    await removeAgentContainers(path.join(dir, 'node'), cgroupParent);
    await removeCgroupParent(cgroupParent);
    const leftovers = await cgroupDirs(cgroupParent);
    await new Promise((resolve) => execFile('ip', ['link', 'delete', bridge], resolve));
    await removeChains(serviceChainPrefix(nodeName));
    for (const uid of await podUidsIn(path.join(dir, 'node'))) {
      await new Promise((resolve) => execFile('ip', ['netns', 'delete', netnsNameFor(uid)], resolve));
    }
    await (controlPlane && stopProcess(controlPlane.child));
    await etcd?.stop();
    await registry?.stop();
    await fs.rm(dir, { recursive: true, force: true });
    return leftovers;
  };

  try {
    [etcd, registry] = await Promise.all([startEtcd(), startRegistry()]);
    const images = await pushTestImages(registry);
    await startControlPlane();
    const join = /^join (\S+): stevedore agent (.*)$/m.exec(controlPlane!.output());
    if (!join) throw new Error(`no join line in the control plane's output: ${controlPlane!.output()}`);
    const agentArgs = ['--data-dir', path.join(dir, 'node'), '--cgroup-parent', cgroupParent, '--bridge', bridge];
    agent = launch(['agent', ...join[2]!.split(' '), ...agentArgs, '--insecure-registry', registry.host]);
    await waitFor(async () => new RegExp(`^${nodeName}\\s+Ready`, 'm').test((await kubectl('get', 'nodes')).stdout), {
      what: 'the node to be Ready',
      timeoutMs: 30000,
    });
    return {
      images,
      nodeName,
      kubeconfig: path.join(dir, 'cp', 'kubeconfig'),
      agentDir: path.join(dir, 'node'),
      cgroupParent,
      pids: () => ({ controlPlane: controlPlane?.child.pid, agent: agent?.child.pid }),
      kubectl,
      async apply(name, yaml) {
        const file = path.join(dir, `${name}.yaml`);
        await fs.writeFile(file, yaml);
        return kubectl('apply', '-f', file);
      },
      async stopControlPlane() {
        await (controlPlane && stopProcess(controlPlane.child, 20000));
        controlPlane = undefined;
      },
      startControlPlane,
      destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
