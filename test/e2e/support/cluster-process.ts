// Runs the real `stevedore up` (the built CLI) as its own process, as a person would, with its
// own data dir, ports, bridge and cgroup parent; and cleans up after it: pods, containers,
// network namespaces, the bridge and cgroups.

import { netnsNameFor, removeChains, serviceChainPrefix } from '@stevedore/network';
import { stopStaleEtcd } from '@stevedore/store';
import { freePort, makeTempDir, spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CLI, stevedore } from './agent-process';
import { cgroupDirs, mountsUnder, removeCgroupParent } from './busybox-rootfs';

const run = promisify(execFile);

export interface ClusterProcess {
  dataDir: string;
  kubeconfig: string;
  apiPort: number;
  /** The agent gateway's port (gRPC over TLS). */
  agentPort: number;
  nodeName: string;
  bridge: string;
  cgroupParent: string;
  output(): string;
  /** The running `up` process's pid, if it runs. */
  pid(): number | undefined;
  /** Stops the processes (containers keep running, as in production). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts `up` again on the same data dir and ports. */
  restart(): Promise<void>;
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Removes every container, network namespace, the bridge and cgroups, then the data dir. */
  destroy(): Promise<{ leftoverCgroups: string[] }>;
}

export async function startCluster(opts: {
  insecureRegistry: string;
  kubectl?: string;
  extraArgs?: string[];
  /** Runs on the new data dir before `up` (e.g. mounts a small file system for the agent). */
  prepare?: (dataDir: string) => Promise<void>;
}): Promise<ClusterProcess> {
  const dataDir = await makeTempDir('stevedore-up-');
  await opts.prepare?.(dataDir);
  const apiPort = await freePort();
  const agentPort = await freePort();
  const id = randomBytes(3).toString('hex');
  const nodeName = `e2e-${id}`;
  const bridge = `stvd${id}`;
  const cgroupParent = `stevedore-e2e-${id}`;
  let output = '';
  let child: ReturnType<typeof spawnTracked> | undefined;
  // Tests never ask the host's resolvers: names outside the cluster get SERVFAIL unless a test
  // gives an upstream of its own (--dns-upstream in extraArgs).
  const resolvConf = path.join(dataDir, 'no-resolvers.conf');
  await fs.writeFile(resolvConf, '# no upstream resolvers in tests\n');
  const start = async () => {
    output = '';
    child = spawnTracked(process.execPath, [
      ...profileArgs(),
      CLI,
      'up',
      '--data-dir',
      dataDir,
      '--api-port',
      String(apiPort),
      '--agent-port',
      String(agentPort),
      '--insecure-registry',
      opts.insecureRegistry,
      '--node-name',
      nodeName,
      '--bridge',
      bridge,
      '--cgroup-parent',
      cgroupParent,
      '--resolv-conf',
      resolvConf,
      // Suites push to a registry of their own; one that tests the embedded registry gives its port.
      ...((opts.extraArgs ?? []).includes('--registry-port') ? [] : ['--no-registry']),
      // Test clusters run side by side: the ingress proxy only where a suite asks (ports in extraArgs win).
      '--ingress-http-port',
      '0',
      '--ingress-https-port',
      '0',
      ...(opts.extraArgs ?? []),
    ]);
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await waitFor(async () => output.includes('Stevedore is up') || (child!.exitCode !== null && Promise.reject(new Error(output))), {
      what: `stevedore up (output: ${output})`,
      timeoutMs: 60000,
    });
  };
  await start();
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const cacheDir = path.join(dataDir, 'kube-cache');
  const cluster: ClusterProcess = {
    dataDir,
    kubeconfig,
    apiPort,
    agentPort,
    nodeName,
    bridge,
    cgroupParent,
    output: () => output,
    pid: () => child?.pid,
    async stop(signal: NodeJS.Signals = 'SIGINT') {
      if (!child) return;
      if (signal === 'SIGKILL') {
        const gone = new Promise((r) => child!.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      } else {
        const gone = new Promise((r) => child!.once('exit', r));
        child.kill(signal);
        await Promise.race([gone, new Promise((r) => setTimeout(r, 20000))]);
        await stopProcess(child, 1000);
      }
      child = undefined;
    },
    restart: start,
    kubectl: (...args) =>
      new Promise((resolve) => {
        execFile(
          opts.kubectl ?? 'kubectl',
          ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
          { timeout: 120000 },
          (err, stdout, stderr) => {
            resolve({
              code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
              stdout,
              stderr,
            });
          },
        );
      }),
    async destroy() {
      await cluster.stop();
      await removeAgentContainers(path.join(dataDir, 'agent'), cgroupParent);
      // The embedded etcd outlives a SIGKILLed `up`; stop it by the PID it recorded.
      await stopStaleEtcd(path.join(dataDir, 'etcd.pid'), path.join(dataDir, 'etcd'));
      for (const uid of await podUidsOf(dataDir)) await run('ip', ['netns', 'delete', netnsNameFor(uid)]).catch(() => undefined);
      await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
      await removeChains(serviceChainPrefix(nodeName));
      await removeCgroupParent(cgroupParent);
      const leftoverCgroups = await cgroupDirs(cgroupParent);
      // A file system a suite mounted in the data dir (prepare), deepest first.
      for (const mount of (await mountsUnder(dataDir)).sort((a, b) => b.length - a.length)) await run('umount', ['-l', mount]);
      await fs.rm(dataDir, { recursive: true, force: true });
      return { leftoverCgroups };
    },
  };
  return cluster;
}

/** Runs a bare agent on a stopped node's data dir just to remove the containers left there. */
export async function removeAgentContainers(agentDir: string, cgroupParent: string): Promise<void> {
  const agent = spawnTracked(process.execPath, [CLI, 'agent', '--data-dir', agentDir, '--cgroup-parent', cgroupParent]);
  try {
    // A loaded machine (a full test run beside other work) can take a while to start it.
    await waitFor(async () => (await stevedore(agentDir, 'ps', '-a')).code === 0, { what: 'the cleanup agent', timeoutMs: 60_000 });
    const ps = await stevedore(agentDir, 'ps', '-a', '--output', 'json');
    const failed: string[] = [];
    for (const c of (ps.stdout.trim() ? JSON.parse(ps.stdout) : []) as { id: string }[]) {
      const rm = await stevedore(agentDir, 'rm', '-f', c.id);
      if (rm.code !== 0) failed.push(`${c.id}: ${rm.stderr.trim()}`);
    }
    if (failed.length) throw new Error(`could not remove containers:\n${failed.join('\n')}`);
  } finally {
    await stopProcess(agent);
  }
}

/** BENCH_PROFILE=DIR writes a CPU profile of `up` there (node --cpu-prof), when it exits on SIGINT/SIGTERM. */
function profileArgs(): string[] {
  return process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
}

function podUidsOf(dataDir: string): Promise<string[]> {
  return podUidsIn(path.join(dataDir, 'agent'));
}

/** Pod UIDs with an address leased by host-local IPAM (each owns a network namespace). */
export async function podUidsIn(agentDir: string): Promise<string[]> {
  const leases = path.join(agentDir, 'cni', 'stevedore');
  const files = (await fs.readdir(leases).catch(() => [] as string[])).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));
  const uids = await Promise.all(files.map(async (f) => (await fs.readFile(path.join(leases, f), 'utf8')).split(/\s/)[0] ?? ''));
  return [...uids, ...(await fs.readdir(path.join(agentDir, 'pods')).catch(() => [] as string[]))];
}
