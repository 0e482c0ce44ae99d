// Requests per second through the built-in ingress controller, next to nginx proxying to the
// same backend pods in the same run (the floor). Both proxies run one process on this host (nginx
// with one worker, as the agent's proxy is one Node thread) and keep connections to the pods
// open; `wrk` drives each with the same connections and duration. The backends are two pods
// running the host's nginx (chrooted through a hostPath mount of /) answering a short body, so
// the backends are never what limits either proxy.

import { freePort, type RunningRegistry, spawnTracked, stopProcess } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as path from 'path';
import { promisify } from 'util';
import { startCluster } from '../test/e2e/support/cluster-process';
import { ownPodRange } from '../test/e2e/support/pod-range';
import { cleanupOnInterrupt } from './interrupt';

const run = promisify(execFile);

export interface IngressBenchResult {
  seconds: number;
  connections: number;
  requestsPerSecond: number;
  nginxRequestsPerSecond: number;
  /** ours / nginx's */
  ratio: number;
  p99Ms: number;
  nginxP99Ms: number;
}

const HOST = 'bench.example.com';

function backendConf(dir: string, name: string): string {
  return `worker_processes 1;
pid ${dir}/${name}.pid;
error_log stderr;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 8080 reuseport; keepalive_requests 100000; location / { return 200 "hello\\n"; } }
}
`;
}

function floorConf(dir: string, port: number, backends: string[]): string {
  return `worker_processes 1;
pid ${dir}/floor.pid;
error_log stderr;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backends { ${backends.map((b) => `server ${b}:8080;`).join(' ')} keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 100000;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

const manifest = (image: string, dir: string) =>
  [0, 1]
    .map(
      (i) => `apiVersion: v1
kind: Pod
metadata: {name: backend-${i}, labels: {app: bench-backend}}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: host, hostPath: {path: /}}]
  containers:
  - name: nginx
    image: ${image}
    command: [chroot, /host, /usr/sbin/nginx, -c, ${dir}/backend-${i}.conf, -g, "daemon off;"]
    volumeMounts: [{name: host, mountPath: /host}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
`,
    )
    .join('') +
  `apiVersion: v1
kind: Service
metadata: {name: backend}
spec:
  selector: {app: bench-backend}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench}
spec:
  rules:
  - host: ${HOST}
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: backend, port: {number: 80}}}}]
`;

/** wrk's requests per second and p99 latency. */
async function wrk(url: string, seconds: number, connections: number): Promise<{ rps: number; p99Ms: number }> {
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', `Host: ${HOST}`, url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  if (!rps || !p99) throw new Error(`cannot read wrk's output: ${stdout}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's'];
  if (/Non-2xx/.test(stdout)) throw new Error(`wrk saw errors: ${stdout}`);
  return { rps: Math.round(rps), p99Ms: Math.round(Number(p99[1]) * scale * 100) / 100 };
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function measureIngress(registry: RunningRegistry, image: string, seconds: number): Promise<IngressBenchResult> {
  const connections = 32;
  const ingressPort = await freePort();
  const cluster = await startCluster({
    insecureRegistry: registry.host,
    extraArgs: ['--cluster-cidr', ownPodRange(), '--ingress-http-port', String(ingressPort)],
  });
  const release = cleanupOnInterrupt(() => cluster.destroy());
  let floor: ReturnType<typeof spawnTracked> | undefined;
  try {
    const dir = path.join(cluster.dataDir, 'ingress-bench');
    await fs.mkdir(dir, { recursive: true });
    for (const i of [0, 1]) await fs.writeFile(path.join(dir, `backend-${i}.conf`), backendConf(dir, `backend-${i}`));
    await fs.writeFile(path.join(dir, 'bench.yaml'), manifest(image, dir));
    const applied = await cluster.kubectl('apply', '-f', path.join(dir, 'bench.yaml'));
    if (applied.code !== 0) throw new Error(`applying the benchmark manifest: ${applied.stderr}`);
    await waitUntil('the backends', async () => {
      const out = await cluster.kubectl(
        'get',
        'pods',
        '-l',
        'app=bench-backend',
        '-o',
        'jsonpath={.items[*].status.containerStatuses[*].ready}',
      );
      return out.stdout === 'true true';
    });
    const ips = (await cluster.kubectl('get', 'pods', '-l', 'app=bench-backend', '-o', 'jsonpath={.items[*].status.podIP}')).stdout.split(
      ' ',
    );
    const nodeIp = (
      await cluster.kubectl('get', 'node', cluster.nodeName, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}')
    ).stdout;
    const ours = `http://${nodeIp}:${ingressPort}/`;
    await waitUntil('the ingress route', async () => (await fetchStatus(ours)) === 200);
    const floorPort = await freePort();
    await fs.writeFile(path.join(dir, 'floor.conf'), floorConf(dir, floorPort, ips));
    floor = spawnTracked('nginx', ['-c', path.join(dir, 'floor.conf'), '-g', 'daemon off;']);
    const theirs = `http://127.0.0.1:${floorPort}/`;
    await waitUntil('the nginx floor', async () => (await fetchStatus(theirs)) === 200);
    // A short warm-up of each, then the measured runs back to back.
    await wrk(ours, 1, connections);
    await wrk(theirs, 1, connections);
    const a = await wrk(ours, seconds, connections);
    const b = await wrk(theirs, seconds, connections);
    return {
      seconds,
      connections,
      requestsPerSecond: a.rps,
      nginxRequestsPerSecond: b.rps,
      ratio: Math.round((a.rps / b.rps) * 100) / 100,
      p99Ms: a.p99Ms,
      nginxP99Ms: b.p99Ms,
    };
  } finally {
    if (floor) await stopProcess(floor, 2000);
    await cluster.kubectl('delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    release();
    await cluster.destroy();
  }
}

function fetchStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host: HOST }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}
