// The all-in-one cluster's image registry: Debian's `docker-registry` (the CNCF distribution
// registry) as a child process, as etcd is, its data under the cluster's data dir. Images pushed
// there (by `stevedore node push`/`build --push`) are pulled by every node; 127.0.0.1 needs no
// TLS, and a node on another host is told to trust the address over plain HTTP.
import { ignoreGone, ignoreMissing, pathExists } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { type ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

export interface EmbeddedRegistryOptions {
  /** The registry's folder: its config and blobs go here. */
  dataDir: string;
  address: string;
  /** 0 = any free port. */
  port: number;
  log: Logger;
  binary?: string;
}

export interface EmbeddedRegistry {
  /** HOST:PORT, as image references name it. */
  host: string;
  stop(): Promise<void>;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(url, { timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

function configText(dataDir: string, listen: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dataDir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${listen}`,
    '',
  ].join('\n');
}

/** A registry left running by a killed `up` holds the port: stop it if the PID file names one serving this data dir; true if it did. */
export async function stopStaleRegistry(dataDir: string): Promise<boolean> {
  return stopStale(path.join(dataDir, 'registry.pid'), path.join(dataDir, 'config.yml'));
}

async function stopStale(pidFile: string, config: string): Promise<boolean> {
  const pid = Number((await ignoreMissing(fs.readFile(pidFile, 'utf8'))) ?? '0');
  if (!pid) return false;
  const cmdline = (await ignoreMissing(fs.readFile(`/proc/${pid}/cmdline`, 'utf8'))) ?? '';
  if (!cmdline.split('\0').includes(config)) return false;
  if (!ignoreGone(() => process.kill(pid, 'SIGTERM'))) return false;
  for (let i = 0; i < 50 && (await pathExists(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
  ignoreGone(() => process.kill(pid, 'SIGKILL'));
  return true;
}

/** Asks the kernel for a free port on the address (the registry itself cannot report one it picked). */
async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function relay(child: ChildProcess, log: Logger): () => string {
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
    for (const line of d.toString().split('\n').filter(Boolean)) log.warn(line);
  });
  child.stdout?.resume();
  return () => tail.trim().split('\n').slice(-3).join(' | ');
}

export async function startEmbeddedRegistry(options: EmbeddedRegistryOptions): Promise<EmbeddedRegistry> {
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const config = path.join(options.dataDir, 'config.yml');
  const pidFile = path.join(options.dataDir, 'registry.pid');
  await stopStale(pidFile, config);
  const port = options.port || (await freePort(options.address));
  const host = `${options.address}:${port}`;
  await fs.writeFile(config, configText(options.dataDir, host));
  const child = spawn(options.binary ?? 'docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lastOutput = relay(child, options.log);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  if (child.pid) await fs.writeFile(pidFile, String(child.pid));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!(await answers(`http://${host}/v2/`))) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = failed?.message ?? lastOutput();
      throw new Error(
        `the registry did not start on ${host}: ${why || 'no answer'} (is port ${port} taken? --registry-port or --no-registry)`,
      );
    }
  }
  return {
    host,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      await fs.rm(pidFile, { force: true });
    },
  };
}
