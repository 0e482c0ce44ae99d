// The built-in ingress controller and LoadBalancer Services on the all-in-one cluster: an Ingress
// routes two host names to two Services over HTTP and HTTPS (a certificate per host, chosen by
// SNI), Exact and Prefix paths, 503 for a Service without endpoints, 404 for no rule, a
// default backend, a WebSocket-style upgrade passed through, an Ingress of another class left
// alone, and a LoadBalancer Service answering on its EXTERNAL-IP.

import { freePort, waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { promisify } from 'util';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { ownPodRange } from './support/pod-range';
import { get, getTls, type Reply, selfSigned } from './support/web-clients';

jest.setTimeout(240_000);

const _run = promisify(execFile);

/** A busybox httpd answering `name` at / and `name exact` at /exact. */
const webDeployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${image}
        command: [sh, -c, "mkdir -p /www && echo ${name} > /www/index.html && echo ${name} exact > /www/exact && exec httpd -f -p 8080 -h /www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: http}]
`;

/** Answers an upgrade request with 101, then echoes every byte (busybox nc runs it per connection). */
const ECHO_SCRIPT = `#!/bin/sh
while read -r line; do
  [ "$(printf '%s' "$line" | tr -d '\\r')" = "" ] && break
done
printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n'
exec cat
`;

describe('ingress and load balancers', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let nodeIp: string;
  let httpPort: number;
  let httpsPort: number;
  const certs: Record<string, { cert: string; key: string }> = {};

  /** Waits until a request answers as expected (routes follow the API within a second or two). */
  const expectReply = (host: string, urlPath: string, want: Reply) =>
    waitFor(
      async () => {
        const got = await get(nodeIp, httpPort, host, urlPath);
        return got.status === want.status && got.body === want.body ? got : undefined;
      },
      { what: `${host}${urlPath} answering ${want.status} ${want.body}`, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    setup = await startClusterWithImages([
      '--cluster-cidr',
      ownPodRange(),
      '--ingress-http-port',
      String(httpPort),
      '--ingress-https-port',
      String(httpsPort),
    ]);
    cluster = setup.cluster;
    nodeIp = (await cluster.kubectl('get', 'node', cluster.nodeName, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'))
      .stdout;
    const dir = path.join(cluster.dataDir, 'certs');
    await fs.mkdir(dir, { recursive: true });
    for (const host of ['alpha.example.com', 'beta.example.com']) {
      certs[host] = await selfSigned(dir, host);
      const secret = `${host.split('.')[0]}-tls`;
      const created = await cluster.kubectl('create', 'secret', 'tls', secret, '--cert', certs[host]!.cert, '--key', certs[host]!.key);
      expect(created.code).toBe(0);
    }
    const busybox = setup.images.busybox;
    const applied = await applyManifest(
      cluster,
      'ingress',
      `${webDeployment('alpha', busybox)}---
${webDeployment('beta', busybox)}---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: echo}
data:
  echo.sh: ${JSON.stringify(ECHO_SCRIPT)}
---
apiVersion: v1
kind: Pod
metadata: {name: ws, labels: {app: ws}}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: script, configMap: {name: echo, defaultMode: 0755}}]
  containers:
  - name: echo
    image: ${busybox}
    command: [nc, -ll, -p, "8081", -e, /script/echo.sh]
    volumeMounts: [{name: script, mountPath: /script}]
    readinessProbe: {tcpSocket: {port: 8081}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: ws}
spec:
  selector: {app: ws}
  ports: [{port: 80, targetPort: 8081}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site}
spec:
  tls:
  - {hosts: [alpha.example.com], secretName: alpha-tls}
  - {hosts: [beta.example.com], secretName: beta-tls}
  rules:
  - host: alpha.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: alpha, port: {number: 80}}}}]
  - host: beta.example.com
    http:
      paths:
      - {path: /exact, pathType: Exact, backend: {service: {name: beta, port: {name: http}}}}
      - {path: /empty, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
      - {path: /missing, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
  - host: ws.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: ws, port: {number: 80}}}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: elsewhere}
spec:
  ingressClassName: nginx
  rules:
  - host: other.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: alpha, port: {number: 80}}}}]
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {app: alpha}
  ports: [{port: ${await freePort()}, targetPort: 8080}]
`,
    );
    expect(applied.stderr).toBe('');
    await waitFor(
      async () =>
        (await cluster.kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.containerStatuses[*].ready}')).stdout === 'true true true',
      {
        what: 'three backends ready',
        timeoutMs: 90_000,
      },
    );
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  it('gives Ingresses without a class the default class and shows the node address', async () => {
    const classes = (await cluster.kubectl('get', 'ingressclass')).stdout;
    expect(classes).toMatch(/^stevedore\s+stevedore\.io\/ingress\s+<none>/m);
    const row = await waitFor(
      async () => {
        const out = (await cluster.kubectl('get', 'ingress', 'site', '--no-headers')).stdout;
        return out.includes(nodeIp) ? out : undefined;
      },
      { what: 'the Ingress ADDRESS', timeoutMs: 30_000 },
    );
    expect(row.split(/\s+/).slice(0, 5)).toEqual(['site', 'stevedore', 'alpha.example.com,beta.example.com,ws.example.com', nodeIp, '80,']);
    // Another controller's Ingress is neither served nor given an address.
    const other = await cluster.kubectl('get', 'ingress', 'elsewhere', '--no-headers');
    expect(other.stdout.split(/\s+/).slice(0, 4)).toEqual(['elsewhere', 'nginx', 'other.example.com', '80']);
    expect(await get(nodeIp, httpPort, 'other.example.com', '/')).toMatchObject({ status: 404 });
  });

  it('routes two host names to two Services by path, with 503 and 404 where nothing serves', async () => {
    await expectReply('alpha.example.com', '/', { status: 200, body: 'alpha' });
    await expectReply('alpha.example.com', '/exact', { status: 200, body: 'alpha exact' });
    await expectReply('beta.example.com', '/exact', { status: 200, body: 'beta exact' });
    expect(await get(nodeIp, httpPort, 'beta.example.com', '/exact/more')).toEqual({ status: 404, body: '404 Not Found' });
    expect(await get(nodeIp, httpPort, 'beta.example.com', '/empty/x')).toEqual({
      status: 503,
      body: '503 Service Temporarily Unavailable',
    });
    expect(await get(nodeIp, httpPort, 'beta.example.com', '/missing')).toMatchObject({ status: 503 });
    expect(await get(nodeIp, httpPort, 'nobody.example.com', '/')).toMatchObject({ status: 404 });
  });

  it('serves HTTPS with the certificate of the name the client asks for', async () => {
    for (const host of ['alpha.example.com', 'beta.example.com']) {
      const ca = await fs.readFile(certs[host]!.cert, 'utf8');
      const got = await getTls(nodeIp, httpsPort, host, '/exact', ca);
      expect(got).toEqual({ subject: host, body: `${host.split('.')[0]} exact` });
    }
  });

  it('passes an upgrade through to the backend and relays both ways', async () => {
    // The echo pod may still be starting on a loaded machine (the ingress answers 503 until then).
    expect((await cluster.kubectl('wait', '--for=condition=Ready', 'pod/ws', '--timeout=60s')).code).toBe(0);
    const upgrade = async () => {
      const socket = net.connect(httpPort, nodeIp);
      let received = '';
      socket.on('data', (d) => (received += d));
      socket.write(
        'GET /chat HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      await waitFor(async () => received.includes('\r\n\r\n'), { what: 'the answer to the upgrade', timeoutMs: 10_000 });
      if (received.startsWith('HTTP/1.1 101 ')) return { socket, received: () => received };
      socket.destroy();
      return undefined;
    };
    // Ready and in the node's routes are a moment apart: until then the answer is 503.
    const open = await waitFor(upgrade, { what: 'a 101 from the backend', timeoutMs: 30_000, intervalMs: 500 });
    expect(open.received()).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    open.socket.write('ping\n');
    await waitFor(async () => open.received().endsWith('ping\n'), { what: 'the echo', timeoutMs: 10_000 });
    open.socket.destroy();
  });

  it('falls back to a default backend when no rule matches', async () => {
    const applied = await applyManifest(
      cluster,
      'fallback',
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback}
spec:
  defaultBackend: {service: {name: beta, port: {number: 80}}}
`,
    );
    expect(applied.code).toBe(0);
    await expectReply('nobody.example.com', '/', { status: 200, body: 'beta' });
  });

  it('gives a LoadBalancer Service the node address as EXTERNAL-IP, and it answers there', async () => {
    const row = await waitFor(
      async () => {
        const out = (await cluster.kubectl('get', 'svc', 'lb', '--no-headers')).stdout;
        return out.includes(nodeIp) ? out : undefined;
      },
      { what: 'the EXTERNAL-IP', timeoutMs: 30_000 },
    );
    const [, type, , external, ports] = row.split(/\s+/);
    expect([type, external]).toEqual(['LoadBalancer', nodeIp]);
    const port = Number(ports!.split(':')[0]);
    const reply = await waitFor(
      async () => {
        const got = await get(nodeIp, port, 'lb', '/');
        return got.status === 200 ? got : undefined;
      },
      { what: 'the LoadBalancer answering', timeoutMs: 30_000 },
    );
    expect(reply.body).toBe('alpha');
  });
});

describe('load balancer addresses from a pool', () => {
  let setup: ClusterWithImages | undefined;
  // A /29 of the lower half of 198.18.0.0/16 of this run's own, so clusters running side by side do not share addresses.
  const pool = `198.18.127.${8 * Math.floor(Math.random() * 30)}/29`;

  beforeAll(async () => {
    setup = await startClusterWithImages(['--cluster-cidr', ownPodRange(), '--load-balancer-pool', pool]);
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  it('gives each LoadBalancer Service its own pool address, where the node proxies its port', async () => {
    const cluster = setup!.cluster;
    const port = await freePort();
    const applied = await applyManifest(
      cluster,
      'pool',
      `${webDeployment('gamma', setup!.images.busybox)}---
apiVersion: v1
kind: Service
metadata: {name: lb-a}
spec:
  type: LoadBalancer
  selector: {app: gamma}
  ports: [{port: ${port}, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: lb-b}
spec:
  type: LoadBalancer
  selector: {app: gamma}
  ports: [{port: ${port}, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: lb-other}
spec:
  type: LoadBalancer
  loadBalancerClass: example.com/other
  selector: {app: gamma}
  ports: [{port: ${port}, targetPort: 8080}]
`,
    );
    expect(applied.code).toBe(0);
    const addressOf = (name: string) => cluster.kubectl('get', 'svc', name, '-o', 'jsonpath={.status.loadBalancer.ingress[*].ip}');
    const [a, b] = await waitFor(
      async () => {
        const ips = [(await addressOf('lb-a')).stdout, (await addressOf('lb-b')).stdout];
        return ips.every(Boolean) ? ips : undefined;
      },
      { what: 'pool addresses', timeoutMs: 30_000 },
    );
    const base = pool.split('/')[0]!.split('.').map(Number);
    expect([a, b].map((ip) => ip!.split('.').map(Number)[3]! - base[3]!).sort()).toEqual([1, 2]);
    expect((await cluster.kubectl('get', 'svc', 'lb-other', '--no-headers')).stdout.split(/\s+/)[3]).toBe('<pending>');
    const reply = await waitFor(
      async () => {
        const got = await get(a!, port, 'lb', '/');
        return got.status === 200 ? got : undefined;
      },
      { what: 'the pool address answering', timeoutMs: 60_000 },
    );
    expect(reply.body).toBe('gamma');
  });
});
