// Runs the Debian `etcd` binary as a child process: the all-in-one cluster's store and the
// end-to-end tests' etcd. Listens on 127.0.0.1 only unless given a host address (a member of a
// cluster across hosts), and only over mutual TLS with a CA of its own: any local user or
// hostNetwork pod can reach it, and etcd holds every Secret.

import { ignoreGone, ignoreMissing, pathExists } from '@stevedore/files';
import { type Logger, logger } from '@stevedore/log';
import { type EtcdClientTls, ensureEtcdPki } from '@stevedore/pki';
import { type ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as net from 'net';
import { relayEtcdOutput } from './etcd-output';
import { etcdHealthy, etcdTlsFlags, readEtcdCredentials } from './etcd-tls';

export interface EmbeddedEtcdOptions {
  dataDir: string;
  /** etcd's certificates (made here on first start); keep it outside dataDir, which a restore replaces. */
  pkiDir: string;
  /** Client port; 0 = any free port. */
  clientPort?: number;
  peerPort?: number;
  binary?: string;
  /** Where etcd's own log lines go (it logs errors only); `etcd` by default. */
  log?: Logger;
  /**
   * Ports the caller will listen on after etcd starts (the API server's, say). A port picked
   * as free now is not reserved, so etcd must not be handed one of these.
   */
  avoidPorts?: number[];
  /**
   * A host address to serve clients and peers on, for a cluster of several members (each on its
   * own host); its ports default to etcd's 2379 and 2380. Without it etcd serves 127.0.0.1 only.
   */
  hostAddress?: string;
  /** The member's name; `stevedore` by default (what a restored snapshot names it). */
  name?: string;
  /** Joining a running cluster: its members (name=peerURL, this one included), from MemberAdd. */
  join?: EtcdJoin;
}

/** The ports a member on a host address serves on (etcd's own). */
export const HOST_MEMBER_PORTS = { client: 2379, peer: 2380 };

export interface EtcdJoin {
  initialCluster: string;
  /** Runs once the process is started, before waiting for it to be healthy (a learner's promotion). */
  started(): Promise<void>;
}

export interface EmbeddedEtcd {
  /** https://127.0.0.1:PORT */
  endpoint: string;
  /** The ports it listens on, so a restart can take the same ones. */
  clientPort: number;
  peerPort: number;
  /** The client certificate etcd accepts, and its CA. */
  tls: EtcdClientTls;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 that is not in `avoid`. */
async function freePortExcept(avoid: number[]): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const port = await anyFreePort();
    if (!avoid.includes(port)) return port;
  }
  throw new Error(`no free port for etcd outside ${avoid.join(', ')}`);
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * An etcd left running by a previous run that was killed (SIGKILL leaves children behind)
 * holds the data dir's lock, and a new one would wait on it forever. Its PID is recorded
 * beside the data dir; stop it if it is still that etcd.
 */
export async function stopStaleEtcd(pidFile: string, dataDir: string): Promise<void> {
  const pid = Number((await ignoreMissing(fs.readFile(pidFile, 'utf8'))) ?? '0');
  if (!pid) return;
  const cmdline = (await ignoreMissing(fs.readFile(`/proc/${pid}/cmdline`, 'utf8'))) ?? '';
  if (!cmdline.split('\0').includes(dataDir)) return;
  // It may exit at any moment between these steps: a process already gone is what we want.
  if (!ignoreGone(() => process.kill(pid, 'SIGTERM'))) return;
  for (let i = 0; i < 100 && (await pathExists(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
  ignoreGone(() => process.kill(pid, 'SIGKILL'));
}

export async function startEmbeddedEtcd(options: EmbeddedEtcdOptions): Promise<EmbeddedEtcd> {
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pidFile = `${options.dataDir}.pid`;
  await stopStaleEtcd(pidFile, options.dataDir);
  const avoid = [...(options.avoidPorts ?? [])].filter((p) => p > 0);
  const host = options.hostAddress ?? '127.0.0.1';
  const clientPort = options.clientPort || (options.hostAddress ? HOST_MEMBER_PORTS.client : await freePortExcept(avoid));
  const peerPort = options.peerPort || (options.hostAddress ? HOST_MEMBER_PORTS.peer : await freePortExcept([...avoid, clientPort]));
  const pki = await ensureEtcdPki(options.pkiDir, ['127.0.0.1', 'localhost', host]);
  const credentials = await readEtcdCredentials(pki.client);
  const endpoint = `https://${host}:${clientPort}`;
  const peerUrl = `https://${host}:${peerPort}`;
  const name = options.name ?? 'stevedore';
  const child = spawn(
    options.binary ?? 'etcd',
    [
      '--name',
      name,
      '--data-dir',
      options.dataDir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      // Ignored once the data dir holds a member: a restart keeps the membership it recorded.
      ...(options.join
        ? ['--initial-cluster', options.join.initialCluster, '--initial-cluster-state', 'existing']
        : ['--initial-cluster', `${name}=${peerUrl}`]),
      ...etcdTlsFlags(pki),
      // Our own compactor decides what history to keep; etcd's quota stays at its 2 GiB default.
      '--auto-compaction-retention',
      '0',
      '--logger',
      'zap',
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  if (child.stderr) relayEtcdOutput(child.stderr, options.log ?? logger('etcd'));
  child.stdout?.resume();
  if (child.pid) await fs.writeFile(pidFile, String(child.pid));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (options.join)
    await options.join.started().catch((err: Error) => {
      child.kill('SIGKILL');
      throw err;
    });
  const deadline = Date.now() + 20_000;
  while (!(await etcdHealthy(endpoint, credentials))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`etcd did not become healthy on ${endpoint}: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    clientPort,
    peerPort,
    tls: pki.client,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // etcd's WAL makes a kill safe; a hung etcd must not hold up the shutdown for long.
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      await fs.rm(pidFile, { force: true });
    },
  };
}
