// Cluster DNS against a floor: the node's DNS server (libs/dns, as every agent serves it, less
// its Prometheus counters) and unbound, each answering the same names of N Services from a local
// zone, queried by dnsperf in the same run. Each server gets a throughput run (dnsperf at full speed, 100 queries in flight)
// and a latency run at a fixed rate (every query's latency from dnsperf -v, for the p99). Both
// run with one thread: the node's server is one Node.js thread, and the machine's other core
// is dnsperf's. Everything listens on 127.0.0.1 and stops at the end.

import { ClusterZone, DnsServer, type DnsServiceRecord } from '@stevedore/dns';
import { logger } from '@stevedore/log';
import { freePort, makeTempDir, spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import * as dgram from 'dgram';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { guarded } from './interrupt';
import { percentile } from './stats';

const run = promisify(execFile);
const ADDRESS = '127.0.0.1';

export interface DnsServerFigures {
  queriesPerSecond: number;
  lost: number;
  p50Ms: number;
  p99Ms: number;
}

export interface DnsBenchResult {
  services: number;
  seconds: number;
  latencyRate: number;
  cluster: DnsServerFigures;
  unbound: DnsServerFigures;
  /** The node's rate over unbound's. */
  ratio: number;
}

/** Service i in namespace ns-(i mod 10), at an address of the Service range. */
function services(count: number): DnsServiceRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    namespace: `ns-${i % 10}`,
    name: `svc-${i}`,
    clusterIp: `198.18.${128 + Math.floor(i / 250)}.${(i % 250) + 2}`,
    externalName: '',
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    endpoints: [],
  }));
}

const fqdn = (s: DnsServiceRecord) => `${s.name}.${s.namespace}.svc.cluster.local`;

function unboundConfig(dir: string, port: number, records: DnsServiceRecord[]): string {
  return [
    'server:',
    `  interface: ${ADDRESS}`,
    `  port: ${port}`,
    '  do-ip6: no',
    '  do-daemonize: no',
    '  num-threads: 1',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${dir}"`,
    `  pidfile: "${path.join(dir, 'unbound.pid')}"`,
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 0',
    '  access-control: 127.0.0.0/8 allow',
    '  local-zone: "cluster.local." static',
    ...records.map((s) => `  local-data: "${fqdn(s)}. 5 IN A ${s.clusterIp}"`),
    'remote-control:',
    '  control-enable: no',
    '',
  ].join('\n');
}

/** Waits until the server answers one of the names. */
async function answering(port: number, name: string): Promise<void> {
  const query = Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const labels = Buffer.concat([
    ...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0, 0, 1, 0, 1]),
  ]);
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = dgram.createSocket('udp4');
        const timer = setTimeout(() => {
          socket.close();
          resolve(false);
        }, 200);
        socket.once('message', () => {
          clearTimeout(timer);
          socket.close();
          resolve(true);
        });
        socket.send(Buffer.concat([query, labels]), port, ADDRESS);
      }),
    { what: `a DNS server on ${ADDRESS}:${port}`, timeoutMs: 10_000 },
  );
}

async function dnsperf(port: number, queries: string, args: string[]): Promise<string> {
  const { stdout } = await run('dnsperf', ['-s', ADDRESS, '-p', String(port), '-d', queries, '-T', '1', '-c', '1', ...args], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** Throughput at full speed, then every query's latency at a fixed rate. */
async function measure(port: number, queries: string, seconds: number, rate: number): Promise<DnsServerFigures> {
  const full = await dnsperf(port, queries, ['-l', String(seconds), '-q', '100']);
  const qps = Number(/Queries per second:\s+([\d.]+)/.exec(full)?.[1]);
  const lost = Number(/Queries lost:\s+(\d+)/.exec(full)?.[1] ?? 0);
  if (!Number.isFinite(qps)) throw new Error(`cannot read dnsperf's output:\n${full}`);
  const verbose = await dnsperf(port, queries, ['-l', String(seconds), '-Q', String(rate), '-v']);
  // "> NOERROR svc-1.ns-1.svc.cluster.local A 0.000123"
  const latencies = [...verbose.matchAll(/^> \S+ .* ([\d.]+)$/gm)].map((m) => Number(m[1]) * 1000).sort((a, b) => a - b);
  if (!latencies.length) throw new Error(`no latencies in dnsperf -v output:\n${verbose.slice(0, 2000)}`);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { queriesPerSecond: Math.round(qps), lost, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}

export async function measureDns(opts: { services: number; seconds: number; latencyRate: number }): Promise<DnsBenchResult> {
  const log = logger('bench');
  const dir = await makeTempDir('dns-bench');
  const records = services(opts.services);
  const queries = path.join(dir, 'queries.txt');
  await fs.writeFile(queries, records.map((s) => `${fqdn(s)} A\n`).join(''));
  const zone = new ClusterZone('cluster.local');
  zone.replace(records);
  const server = new DnsServer({ address: ADDRESS, port: 0, zone, log });
  const ourPort = await server.start();
  const unboundPort = await freePort();
  await fs.writeFile(path.join(dir, 'unbound.conf'), unboundConfig(dir, unboundPort, records));
  const unbound = spawnTracked('unbound', ['-d', '-c', path.join(dir, 'unbound.conf')], { stdio: 'ignore' });
  return guarded(
    async () => {
      await stopProcess(unbound);
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
    async () => {
      await answering(ourPort, fqdn(records[0]!));
      await answering(unboundPort, fqdn(records[0]!));
      const cluster = await measure(ourPort, queries, opts.seconds, opts.latencyRate);
      log.info(`cluster DNS: ${JSON.stringify(cluster)}`);
      const floor = await measure(unboundPort, queries, opts.seconds, opts.latencyRate);
      log.info(`unbound: ${JSON.stringify(floor)}`);
      return {
        ...opts,
        cluster,
        unbound: floor,
        ratio: Math.round((cluster.queriesPerSecond / floor.queriesPerSecond) * 100) / 100,
      };
    },
  );
}
