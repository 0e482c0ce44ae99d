// A three-member (or any size) etcd cluster for the test bed: one member per control-plane host,
// in that host's network namespace, on its address, with mutual TLS for clients and peers from
// one etcd CA whose certificates name every member's address. The members start together (a new
// cluster waits for its quorum) and the control planes are given all of them.

import { type EtcdClientTls, ensureEtcdPki, etcdPkiFiles } from '@stevedore/pki';
import { etcdHealthy, etcdTlsFlags, readEtcdCredentials } from '@stevedore/store';
import { spawn } from 'child_process';
import { closeSync, promises as fs, openSync } from 'fs';
import * as path from 'path';
import { inHost, type SimulatedHost } from './host-network';

const CLIENT_PORT = 2379;
const PEER_PORT = 2380;

export interface EtcdMembers {
  endpoints: string[];
  /** The client certificate every control plane presents. */
  client: EtcdClientTls;
  /** PIDs by host name. */
  pids: Record<string, number>;
}

export const memberEndpoint = (host: SimulatedHost) => `https://${host.ip}:${CLIENT_PORT}`;

/** What it takes to start a member again: the cluster's peer list and the PKI folder. */
export interface EtcdMemberSetup {
  pkiDir: string;
  initialCluster: string;
}

/** Makes the PKI in `pkiDir`, starts a member on each host, and waits until every one is healthy. */
export async function startEtcdMembers(
  hosts: (SimulatedHost & { dataDir: string })[],
  pkiDir: string,
): Promise<EtcdMembers & EtcdMemberSetup> {
  const pki = await ensureEtcdPki(pkiDir, ['127.0.0.1', 'localhost', ...hosts.map((h) => h.ip)]);
  const setup = { pkiDir, initialCluster: hosts.map((h) => `${h.name}=https://${h.ip}:${PEER_PORT}`).join(',') };
  const pids: Record<string, number> = {};
  for (const host of hosts) pids[host.name] = await launchMember(host, setup);
  for (const host of hosts) await waitHealthy(host, setup);
  return { ...setup, endpoints: hosts.map(memberEndpoint), client: pki.client, pids };
}

/**
 * Starts a host's member (again): on a data dir it has used before, etcd rejoins with the member
 * identity it keeps there and catches up from the others; the initial-cluster flags are ignored.
 */
export async function launchMember(host: SimulatedHost & { dataDir: string }, setup: EtcdMemberSetup): Promise<number> {
  const pki = etcdPkiFiles(setup.pkiDir);
  await fs.mkdir(host.dataDir, { recursive: true });
  const log = openSync(path.join(host.dataDir, 'etcd.log'), 'a');
  const [command, ...args] = inHost(host, [
    'etcd',
    ...['--name', host.name, '--data-dir', path.join(host.dataDir, 'etcd')],
    ...['--listen-client-urls', memberEndpoint(host), '--advertise-client-urls', memberEndpoint(host)],
    ...['--listen-peer-urls', `https://${host.ip}:${PEER_PORT}`, '--initial-advertise-peer-urls', `https://${host.ip}:${PEER_PORT}`],
    ...['--initial-cluster', setup.initialCluster, '--initial-cluster-state', 'new'],
    ...etcdTlsFlags(pki),
    ...['--logger', 'zap', '--log-level', 'warn'],
  ]);
  const child = spawn(command!, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new Error(`cannot start etcd on ${host.name}`);
  return child.pid;
}

/** Waits until the host's member answers /health as healthy (it has a leader and is caught up enough to serve). */
export async function waitHealthy(host: SimulatedHost & { dataDir: string }, setup: EtcdMemberSetup, timeoutMs = 60_000): Promise<void> {
  const credentials = await readEtcdCredentials(etcdPkiFiles(setup.pkiDir).client);
  const deadline = Date.now() + timeoutMs;
  while (!(await etcdHealthy(memberEndpoint(host), credentials))) {
    if (Date.now() > deadline)
      throw new Error(`etcd on ${host.name} not healthy after ${timeoutMs / 1000} s (see ${host.dataDir}/etcd.log)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
