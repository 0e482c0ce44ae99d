// A Stevedore cluster over simulated hosts (see host-network.ts): host-1 runs `stevedore up`
// (etcd, the control plane and its own agent) bound to its host address; every other host runs
// `stevedore agent` joined with the token host-1 printed. With --control-planes N, hosts 1..N
// each run an etcd member (etcd-members.ts) and `stevedore up` against all of them, sharing
// host-1's cluster PKI; the other hosts' agents are given every control plane's address. Processes are detached and recorded in
// DIR/cluster.json, so the cluster outlives the command that started it and `down` finds
// everything again (by PID, netns and cgroup names, never by process name).

import type { Logger } from '@stevedore/log';
import { netnsNameFor } from '@stevedore/network';
import { stopStaleEtcd } from '@stevedore/store';
import { execFile, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { closeSync, promises as fs, openSync } from 'fs';
import * as path from 'path';
import { CLI } from '../e2e/support/agent-process';
import { cgroupDirs, removeCgroupParent } from '../e2e/support/busybox-rootfs';
import { podUidsIn, removeAgentContainers } from '../e2e/support/cluster-process';
import { type EtcdMemberSetup, launchMember, startEtcdMembers, waitHealthy } from './etcd-members';
import {
  createHost,
  createRootBridge,
  deleteHost,
  deleteRootBridge,
  hostFor,
  inHost,
  processesIn,
  type SimulatedHost,
} from './host-network';

const API_PORT = 6443;
const AGENT_PORT = 6444;

export interface HostRecord extends SimulatedHost {
  dataDir: string;
  cgroupParent: string;
  pid?: number;
}

export interface MultiHostCluster {
  id: string;
  dataDir: string;
  kubeconfig: string;
  insecureRegistries: string[];
  /** Every agent's DNS flags: no host resolvers (a test bed never asks them), or the given upstreams. */
  dnsArgs: string[];
  hosts: HostRecord[];
  /** Agent arguments for joining (server, token, CA) by node name. */
  joins: Record<string, string[]>;
  /** Hosts 1..controlPlanes run an etcd member and a control plane (1: host-1's embedded etcd). */
  controlPlanes: number;
  /** With several control planes: the members' setup and PIDs by host name. */
  etcd?: EtcdMemberSetup & { pids: Record<string, number> };
  /** With several control planes: the flags that connect `up` to the members. */
  etcdArgs?: string[];
}

export interface UpOptions {
  dataDir: string;
  nodes: number;
  insecureRegistries?: string[];
  /** Where cluster DNS forwards names outside the cluster (host:port); none by default. */
  dnsUpstreams?: string[];
  /** Extra node names host-1 issues join tokens for, for hosts added later. */
  spareNodes?: number;
  /** Hosts running an etcd member and a control plane (default 1). */
  controlPlanes?: number;
  log?: Logger;
}

const stateFile = (dataDir: string) => path.join(dataDir, 'cluster.json');

export async function readCluster(dataDir: string): Promise<MultiHostCluster> {
  return JSON.parse(await fs.readFile(stateFile(dataDir), 'utf8')) as MultiHostCluster;
}

async function save(cluster: MultiHostCluster): Promise<void> {
  await fs.writeFile(stateFile(cluster.dataDir), JSON.stringify(cluster, null, 2));
}

/** Brings the network and every host up; on failure everything started so far is torn down. */
export async function upCluster(opts: UpOptions): Promise<MultiHostCluster> {
  if (opts.nodes < 1 || opts.nodes > 200) throw new Error('--nodes must be between 1 and 200');
  const controlPlanes = opts.controlPlanes ?? 1;
  if (controlPlanes < 1 || controlPlanes > opts.nodes) throw new Error('--control-planes must be between 1 and --nodes');
  const dataDir = path.resolve(opts.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  if (
    await fs.access(stateFile(dataDir)).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${dataDir} already holds a cluster: run with --down first`);
  const id = randomBytes(2).toString('hex');
  const cluster: MultiHostCluster = {
    id,
    dataDir,
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    insecureRegistries: opts.insecureRegistries ?? [],
    dnsArgs: ['--resolv-conf', path.join(dataDir, 'no-resolvers.conf'), ...(opts.dnsUpstreams ?? []).flatMap((u) => ['--dns-upstream', u])],
    hosts: [],
    joins: {},
    controlPlanes,
  };
  await fs.writeFile(path.join(dataDir, 'no-resolvers.conf'), '# the test bed never asks the host resolvers\n');
  await createRootBridge(id);
  await save(cluster);
  try {
    const nodeCount = opts.nodes + (opts.spareNodes ?? 0);
    if (controlPlanes === 1) await startFirstHost(cluster, nodeCount, opts.log);
    else await startControlPlaneHosts(cluster, nodeCount, opts.log);
    for (let i = cluster.hosts.length + 1; i <= opts.nodes; i++) await addHost(cluster, opts.log);
    return cluster;
  } catch (err) {
    await downCluster(dataDir);
    throw err;
  }
}

function record(cluster: MultiHostCluster, index: number): HostRecord {
  const host = hostFor(cluster.id, index);
  return { ...host, dataDir: path.join(cluster.dataDir, host.name), cgroupParent: `stevedore-mh-${cluster.id}-${index}` };
}

async function startFirstHost(cluster: MultiHostCluster, nodeCount: number, log?: Logger): Promise<void> {
  const host = record(cluster, 1);
  await createHost(cluster.id, host);
  cluster.hosts.push(host);
  await save(cluster);
  const others = Array.from({ length: nodeCount - 1 }, (_, i) => hostFor(cluster.id, i + 2).name);
  await startUp(
    cluster,
    host,
    others.flatMap((n) => ['--node', n]),
  );
  log?.info(`${host.name} (${host.ip}): etcd, control plane and agent up`);
}

/**
 * Hosts 1..controlPlanes: an etcd member each, then `up` against all members on host-1 (which
 * issues every node's token) and, with host-1's PKI copied, on the others. Workers' agents get
 * every control plane's address.
 */
async function startControlPlaneHosts(cluster: MultiHostCluster, nodeCount: number, log?: Logger): Promise<void> {
  const hosts = Array.from({ length: cluster.controlPlanes }, (_, i) => record(cluster, i + 1));
  for (const host of hosts) {
    await createHost(cluster.id, host);
    cluster.hosts.push(host);
  }
  await save(cluster);
  const members = await startEtcdMembers(hosts, path.join(cluster.dataDir, 'etcd-pki'));
  cluster.etcd = { pkiDir: members.pkiDir, initialCluster: members.initialCluster, pids: members.pids };
  await save(cluster);
  log?.info(`etcd members up on ${hosts.map((h) => h.name).join(', ')}`);
  const etcdArgs = [
    ...['--etcd-endpoints', members.endpoints.join(',')],
    ...['--etcd-cafile', members.client.caFile, '--etcd-certfile', members.client.certFile, '--etcd-keyfile', members.client.keyFile],
  ];
  cluster.etcdArgs = etcdArgs;
  const others = Array.from({ length: nodeCount - 1 }, (_, i) => hostFor(cluster.id, i + 2).name);
  await startUp(cluster, hosts[0]!, [...etcdArgs, ...others.flatMap((n) => ['--node', n])]);
  for (const host of hosts.slice(1)) {
    // One cluster: the same CA, ServiceAccount keys, admin and node tokens on every control plane.
    await fs.cp(path.join(hosts[0]!.dataDir, 'pki'), path.join(host.dataDir, 'pki'), { recursive: true });
    await startUp(cluster, host, etcdArgs);
  }
  const servers = hosts.map((h) => `${h.ip}:${AGENT_PORT}`).join(',');
  for (const join of Object.values(cluster.joins)) join[join.indexOf('--server') + 1] = servers;
  await save(cluster);
  log?.info(`${hosts.length} control planes up`);
}

/** Runs `stevedore up` on a host and waits until it is up; host-1's join lines are kept. */
async function startUp(cluster: MultiHostCluster, host: HostRecord, extraArgs: string[], command = 'up'): Promise<void> {
  // Failure detection shortened from Kubernetes' 40 s / 300 s, so a lost host is noticed (and its
  // pods replaced) within the multi-host suite's time.
  const args = [
    command,
    '--node-monitor-grace-period',
    '10',
    '--pod-eviction-timeout',
    '20',
    '--data-dir',
    host.dataDir,
    '--bind-address',
    host.ip,
    '--node-ip',
    host.ip,
    '--node-name',
    host.name,
    '--api-port',
    String(API_PORT),
    '--agent-port',
    String(AGENT_PORT),
    '--bridge',
    'stvd0',
    '--cgroup-parent',
    host.cgroupParent,
    ...cluster.insecureRegistries.flatMap((r) => ['--insecure-registry', r]),
    ...cluster.dnsArgs,
    // The test bed serves its images from a registry of its own on the bridge.
    '--no-registry',
    ...extraArgs,
  ];
  const logSoFar = (await fs.stat(path.join(host.dataDir, 'up.log')).catch(() => undefined))?.size ?? 0;
  host.pid = await launch(host, args, 'up.log');
  await save(cluster);
  const output = await waitForLog(host, 'up.log', 'Stevedore is up', logSoFar);
  for (const line of output.split('\n')) {
    const match = /join (\S+): stevedore agent (.*)$/.exec(line);
    if (match) cluster.joins[match[1]!] = match[2]!.split(' ');
  }
  if (host.name === hostFor(cluster.id, 1).name) await fs.copyFile(path.join(host.dataDir, 'kubeconfig'), cluster.kubeconfig);
  await save(cluster);
}

/** The --server, --ca-cert-hash and --token of a `stevedore join` line host-1's `up` printed (a control plane's or a worker's). */
export async function printedJoinArgs(cluster: MultiHostCluster, kind: 'control-plane' | 'worker'): Promise<string[]> {
  const output = await fs.readFile(path.join(cluster.hosts[0]!.dataDir, 'up.log'), 'utf8');
  const prefix = kind === 'control-plane' ? 'stevedore join --control-plane ' : 'stevedore join ';
  const match = new RegExp(`${prefix}(--server \\S+ --ca-cert-hash \\S+ --token \\S+)`).exec(output);
  if (!match) throw new Error(`host-1 printed no ${kind} join command`);
  return match[1]!.split(' ');
}

/** Adds the next host as a worker with `stevedore join` (no --control-plane) and waits until its node registers. */
export async function joinWorkerHost(cluster: MultiHostCluster, joinArgs: string[]): Promise<HostRecord> {
  const host = record(cluster, cluster.hosts.length + 1);
  await createHost(cluster.id, host);
  cluster.hosts.push(host);
  await save(cluster);
  const args = [
    ...['join', ...joinArgs, '--data-dir', path.join(host.dataDir, 'agent'), '--node-name', host.name, '--node-ip', host.ip],
    ...['--bridge', 'stvd0', '--cgroup-parent', host.cgroupParent],
    ...cluster.insecureRegistries.flatMap((r) => ['--insecure-registry', r]),
    ...cluster.dnsArgs,
  ];
  host.pid = await launch(host, args, 'agent.log');
  await save(cluster);
  await waitForLog(host, 'agent.log', `registered node ${host.name}`);
  return host;
}

/** Adds the next host as a control plane with `stevedore join --control-plane` (its own etcd member, API and node). */
export async function joinControlPlaneHost(cluster: MultiHostCluster, joinArgs: string[]): Promise<HostRecord> {
  const host = record(cluster, cluster.hosts.length + 1);
  await createHost(cluster.id, host);
  cluster.hosts.push(host);
  await save(cluster);
  await startUp(cluster, host, ['--control-plane', ...joinArgs], 'join');
  return host;
}

/** Joins an existing host (one that left, say) again as a control plane, on its data dir. */
export async function rejoinControlPlaneHost(cluster: MultiHostCluster, name: string, joinArgs: string[]): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  await startUp(cluster, host, ['--control-plane', ...joinArgs], 'join');
}

/** Runs a `stevedore` command inside a host's network namespace; its output, or an error with its stderr. */
export function stevedoreOn(host: SimulatedHost, args: string[]): Promise<string> {
  const [command, ...rest] = inHost(host, [process.execPath, CLI, ...args]);
  return new Promise<string>((resolve, reject) =>
    execFile(command!, rest, { timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`stevedore ${args[0]} on ${host.name} failed: ${stderr || err.message}`)) : resolve(stdout),
    ),
  );
}

/** Runs `stevedore leave` on a control-plane host (it stops, and its etcd member is removed); its output. */
export async function leaveControlPlaneHost(cluster: MultiHostCluster, name: string): Promise<string> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  const output = await stevedoreOn(host, ['leave', '--data-dir', host.dataDir]);
  host.pid = undefined;
  await save(cluster);
  return output;
}

/** Adds the next host (one of the spare join tokens must be left) and starts its agent. */
export async function addHost(cluster: MultiHostCluster, log?: Logger): Promise<HostRecord> {
  const host = record(cluster, cluster.hosts.length + 1);
  if (!cluster.joins[host.name]) throw new Error(`no join token for ${host.name}: start the cluster with more spare nodes`);
  await createHost(cluster.id, host);
  cluster.hosts.push(host);
  await save(cluster);
  await startHostAgent(cluster, host.name);
  log?.info(`${host.name} (${host.ip}): agent up`);
  return host;
}

/** Starts (or restarts) a joined host's agent on its existing data dir. */
export async function startHostAgent(cluster: MultiHostCluster, name: string): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  const args = [
    'agent',
    ...cluster.joins[name]!,
    '--data-dir',
    path.join(host.dataDir, 'agent'),
    '--node-ip',
    host.ip,
    '--bridge',
    'stvd0',
    '--cgroup-parent',
    host.cgroupParent,
    ...cluster.insecureRegistries.flatMap((r) => ['--insecure-registry', r]),
    ...cluster.dnsArgs,
  ];
  host.pid = await launch(host, args, 'agent.log');
  await save(cluster);
  await waitForLog(host, 'agent.log', `registered node ${name}`);
}

/** Stops a control-plane host's `up` (SIGTERM: its containers keep running) and starts it again. */
export async function restartControlPlane(cluster: MultiHostCluster, name: string): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  if (!cluster.etcdArgs) throw new Error('restartControlPlane needs a cluster with several control planes');
  if (host.pid) await stopPid(host.pid);
  await startUp(cluster, host, cluster.etcdArgs);
}

/** kill -9 of a host's `up` (control plane and agent); its etcd member and containers keep running. */
export async function killControlPlane(cluster: MultiHostCluster, name: string): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  if (!host.pid) throw new Error(`${name} runs no control plane`);
  signal(host.pid, 'SIGKILL');
  // Gone once reaped (it is this process's child when the test bed was started from here).
  for (let i = 0; i < 100 && signal(host.pid, 0); i++) await new Promise((r) => setTimeout(r, 50));
  host.pid = undefined;
  await save(cluster);
}

/** kill -9 of a host's etcd member (the host and its control plane stay up). */
export async function killEtcdMember(cluster: MultiHostCluster, name: string): Promise<void> {
  const pid = cluster.etcd?.pids[name];
  if (!pid) throw new Error(`${name} runs no etcd member`);
  signal(pid, 'SIGKILL');
  delete cluster.etcd!.pids[name];
  await save(cluster);
}

/** Starts a host's member again on its data dir and waits until it is healthy. */
export async function restartEtcdMember(cluster: MultiHostCluster, name: string): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  cluster.etcd!.pids[name] = await launchMember(host, cluster.etcd!);
  await save(cluster);
  await waitHealthy(host, cluster.etcd!);
}

/** A host failure: its agent and every container process on it die at once. */
export async function killHost(cluster: MultiHostCluster, name: string): Promise<void> {
  const host = cluster.hosts.find((h) => h.name === name)!;
  const pids = [...(host.pid ? [host.pid] : []), ...(await processesIn(host)), ...(await cgroupPids(host.cgroupParent))];
  for (const pid of new Set(pids)) signal(pid, 'SIGKILL');
  host.pid = undefined;
  await save(cluster);
}

/** Tears everything down: processes, containers, pod and host namespaces, bridge, cgroups, data. */
export async function downCluster(dataDir: string): Promise<{ leftoverCgroups: string[] }> {
  const cluster = await readCluster(path.resolve(dataDir));
  const leftoverCgroups: string[] = [];
  for (const host of [...cluster.hosts].reverse()) {
    if (host.pid) await stopPid(host.pid);
    await stopStaleEtcd(path.join(host.dataDir, 'etcd.pid'), path.join(host.dataDir, 'etcd'));
    const agentDir = path.join(host.dataDir, 'agent');
    await removeAgentContainers(agentDir, host.cgroupParent);
    for (const uid of await podUidsIn(agentDir)) await deleteNetns(netnsNameFor(uid));
    for (const pid of await processesIn(host)) await stopPid(pid);
    await deleteHost(host);
    await removeCgroupParent(host.cgroupParent);
    leftoverCgroups.push(...(await cgroupDirs(host.cgroupParent)));
  }
  await deleteRootBridge(cluster.id);
  await fs.rm(cluster.dataDir, { recursive: true, force: true });
  return { leftoverCgroups };
}

async function launch(host: HostRecord, args: string[], logName: string): Promise<number> {
  await fs.mkdir(host.dataDir, { recursive: true });
  const out = openSync(path.join(host.dataDir, logName), 'a');
  const [command, ...rest] = inHost(host, [process.execPath, CLI, ...args]);
  const child = spawn(command!, rest, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`cannot start ${args[0]} on ${host.name}`);
  return child.pid;
}

/** Waits for a line in the host's log; fails at once if the process has died. */
async function waitForLog(host: HostRecord, logName: string, text: string, fromByte = 0): Promise<string> {
  const file = path.join(host.dataDir, logName);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const output = (await fs.readFile(file).catch(() => Buffer.alloc(0))).subarray(fromByte).toString('utf8');
    if (output.includes(text)) return output;
    if (!host.pid || !signal(host.pid, 0)) throw new Error(`${host.name}: the process exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${host.name}: no "${text}" in ${file} after 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function cgroupPids(parent: string): Promise<number[]> {
  const pids: number[] = [];
  const walk = async (dir: string): Promise<void> => {
    const procs = await fs.readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
    pids.push(...procs.split('\n').filter(Boolean).map(Number));
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name));
    }
  };
  for (const dir of await cgroupDirs(parent)) await walk(dir);
  return pids;
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after 10 s; returns when the process is gone. */
async function stopPid(pid: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 10_000;
  while (signal(pid, 0)) {
    if (Date.now() > deadline) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deleteNetns(name: string): Promise<void> {
  await new Promise((resolve) => spawn('ip', ['netns', 'delete', name], { stdio: 'ignore' }).on('exit', resolve).on('error', resolve));
}
