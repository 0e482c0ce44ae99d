// A three-member (or any size) etcd cluster for the test bed: one member per control-plane host,
// in that host's network namespace, on its address, with mutual TLS for clients and peers from
// one etcd CA whose certificates name every member's address. The members start together (a new
// cluster waits for its quorum) and the control planes are given all of them.

import { type EtcdClientTls, ensureEtcdPki } from '@stevedore/pki';
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

/** Makes the PKI in `pkiDir`, starts a member on each host, and waits until every one is healthy. */
export async function startEtcdMembers(hosts: (SimulatedHost & { dataDir: string })[], pkiDir: string): Promise<EtcdMembers> {
  const pki = await ensureEtcdPki(pkiDir, ['127.0.0.1', 'localhost', ...hosts.map((h) => h.ip)]);
  const initialCluster = hosts.map((h) => `${h.name}=https://${h.ip}:${PEER_PORT}`).join(',');
  const pids: Record<string, number> = {};
  for (const host of hosts) {
    await fs.mkdir(host.dataDir, { recursive: true });
    const log = openSync(path.join(host.dataDir, 'etcd.log'), 'a');
    const [command, ...args] = inHost(host, [
      'etcd',
      ...['--name', host.name, '--data-dir', path.join(host.dataDir, 'etcd')],
      ...['--listen-client-urls', memberEndpoint(host), '--advertise-client-urls', memberEndpoint(host)],
      ...['--listen-peer-urls', `https://${host.ip}:${PEER_PORT}`, '--initial-advertise-peer-urls', `https://${host.ip}:${PEER_PORT}`],
      ...['--initial-cluster', initialCluster, '--initial-cluster-state', 'new'],
      ...etcdTlsFlags(pki),
      ...['--logger', 'zap', '--log-level', 'warn'],
    ]);
    const child = spawn(command!, args, { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    child.unref();
    if (!child.pid) throw new Error(`cannot start etcd on ${host.name}`);
    pids[host.name] = child.pid;
  }
  const credentials = await readEtcdCredentials(pki.client);
  const deadline = Date.now() + 60_000;
  for (const host of hosts) {
    while (!(await etcdHealthy(memberEndpoint(host), credentials))) {
      if (Date.now() > deadline) throw new Error(`etcd on ${host.name} not healthy after 60 s (see ${host.dataDir}/etcd.log)`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { endpoints: hosts.map(memberEndpoint), client: pki.client, pids };
}
