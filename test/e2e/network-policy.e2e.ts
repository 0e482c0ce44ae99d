// NetworkPolicies and Service traffic policies on the all-in-one cluster: ClientIP affinity keeps
// a client on one endpoint; a default-deny plus one allow rule lets exactly the allowed pod in
// (its replies pass although it is isolated itself); namespaceSelector, ipBlock with an
// exception and an egress rule each open or close exactly what they say. Clients use
// `timeout 3 wget` (this busybox build's `wget -T` crashes).

import { serviceChainPrefix } from '@stevedore/network';
import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promisify } from 'util';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { ownPodRange } from './support/pod-range';

jest.setTimeout(180_000);
const run = promisify(execFile);

describe('network policies', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  const podRange = ownPodRange();
  const ips: Record<string, string> = {};

  const server = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: ${setup!.images.busybox}
    command: [sh, -c, "mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: [{name: http, containerPort: 8080}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
${extra}`;
  const client = (name: string, namespace: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {role: ${name}}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`;

  beforeAll(async () => {
    setup = await startClusterWithImages(['--cluster-cidr', podRange]);
    cluster = setup.cluster;
    const sticky = `apiVersion: apps/v1
kind: Deployment
metadata: {name: sticky}
spec:
  replicas: 3
  selector: {matchLabels: {app: sticky}}
  template:
    metadata: {labels: {app: sticky}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${setup.images.busybox}
        command: [sh, -c, "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: sticky}
spec: {selector: {app: sticky}, sessionAffinity: ClientIP, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: spread}
spec: {selector: {app: sticky}, ports: [{port: 80, targetPort: 8080}]}
`;
    const manifest = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n',
      server('server'),
      server('server2'),
      client('allowed', 'default'),
      client('denied', 'default'),
      client('friend', 'other'),
      client('stranger', 'other'),
      sticky,
    ].join('---\n');
    const applied = await applyManifest(cluster, 'pods', manifest);
    expect(applied.stderr).toBe('');
    for (const [name, ns] of [
      ['server', 'default'],
      ['server2', 'default'],
      ['allowed', 'default'],
      ['denied', 'default'],
      ['friend', 'other'],
      ['stranger', 'other'],
    ] as const) {
      ips[name] = await waitFor(
        async () => {
          const out = (await cluster.kubectl('get', 'pod', name, '-n', ns, '-o', 'jsonpath={.status.phase} {.status.podIP}')).stdout;
          const [phase, ip] = out.split(' ');
          return phase === 'Running' && ip;
        },
        { what: `${name} running`, timeoutMs: 60_000 },
      );
    }
  });

  afterAll(async () => {
    const nodeName = cluster?.nodeName;
    expect(await stopClusterWithImages(setup)).toEqual([]);
    if (nodeName) {
      const prefix = serviceChainPrefix(nodeName);
      for (const table of ['filter', 'nat']) {
        const { stdout } = await run('iptables', ['-t', table, '-S']);
        expect(stdout.split('\n').filter((l) => l.includes(prefix))).toEqual([]);
      }
    }
  });

  const NAMESPACE: Record<string, string> = { friend: 'other', stranger: 'other' };
  /** The page `target` serves, fetched from the client pod, or '' when the connection fails. */
  const fetch = async (from: string, target: string) => {
    const url = /^\d/.test(target) ? `http://${target}/` : `http://${ips[target]}:8080/`;
    const out = await cluster.kubectl('exec', '-n', NAMESPACE[from] ?? 'default', from, '--', 'timeout', '3', 'wget', '-q', '-O', '-', url);
    return out.code === 0 ? out.stdout.trim() : '';
  };
  const until = (what: string, check: () => Promise<boolean>) =>
    waitFor(async () => (await check()) || undefined, { what, timeoutMs: 30_000 });
  const apply = async (name: string, text: string) => expect((await applyManifest(cluster, name, text)).stderr).toBe('');

  it('keeps a client on one endpoint under sessionAffinity ClientIP, and spreads it without', async () => {
    const address = async (svc: string) => (await cluster.kubectl('get', 'svc', svc, '-o', 'jsonpath={.spec.clusterIP}')).stdout;
    const [sticky, spread] = [await address('sticky'), await address('spread')];
    await until('three ready sticky endpoints', async () => {
      const out = (await cluster.kubectl('get', 'endpoints', 'sticky', '-o', 'jsonpath={.subsets[*].addresses[*].ip}')).stdout;
      return out.split(' ').filter(Boolean).length === 3;
    });
    const answers = async (ip: string, count: number) => {
      // Each request on its own timeout: one sent before the node has the Service's rules must not hang the exec.
      const loop = `for i in $(seq 1 ${count}); do timeout 3 wget -q -O - http://${ip}/ || exit 1; done`;
      const out = await cluster.kubectl('exec', 'allowed', '--', 'timeout', '20', 'sh', '-c', loop);
      expect(out.stderr).toBe('');
      return new Set(out.stdout.trim().split('\n'));
    };
    await until('the spread Service to answer from more than one pod', async () => (await answers(spread, 20)).size > 1);
    expect((await answers(sticky, 10)).size).toBe(1);
  });

  it('lets every pod through while no policy selects the server', async () => {
    expect(await fetch('allowed', 'server')).toBe('server');
    expect(await fetch('denied', 'server')).toBe('server');
    expect(await fetch('friend', 'server')).toBe('server');
  });

  it('with a default-deny and one allow rule, lets exactly the allowed pod in, and its replies out', async () => {
    await apply(
      'deny',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-allowed}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
  - from: [{podSelector: {matchLabels: {role: allowed}}}]
    ports: [{port: http}]
`,
    );
    await until('the denied pod to be shut out', async () => (await fetch('denied', 'server')) === '');
    // `allowed` is isolated too (the default-deny selects it): the server's replies still reach it.
    expect(await fetch('allowed', 'server')).toBe('server');
    expect(await fetch('friend', 'server')).toBe('');
    expect(await fetch('allowed', 'server2')).toBe('');
    const listed = await cluster.kubectl('get', 'netpol');
    expect(listed.stdout.split('\n')[0]!.split(/\s+/)).toEqual(['NAME', 'POD-SELECTOR', 'AGE']);
    expect(listed.stdout).toMatch(/allow-allowed\s+app=server\s/);
    expect(listed.stdout).toMatch(/default-deny\s+<none>\s/);
  });

  it('lets a pod of another namespace in by namespaceSelector and podSelector together', async () => {
    await apply(
      'friend',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-friend}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}, podSelector: {matchLabels: {role: friend}}}]
`,
    );
    await until('the friend to get in', async () => (await fetch('friend', 'server')) === 'server');
    expect(await fetch('stranger', 'server')).toBe('');
    expect(await fetch('denied', 'server')).toBe('');
  });

  it('lets an ipBlock in except for its excepted address', async () => {
    await apply(
      'block',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-block}
spec:
  podSelector: {matchLabels: {app: server2}}
  ingress:
  - from: [{ipBlock: {cidr: ${podRange}, except: [${ips.denied}/32]}}]
    ports: [{protocol: TCP, port: 8000, endPort: 8100}]
`,
    );
    await until('the block to get in', async () => (await fetch('allowed', 'server2')) === 'server2');
    expect(await fetch('stranger', 'server2')).toBe('server2');
    expect(await fetch('denied', 'server2')).toBe('');
  });

  it('keeps an egress-isolated pod to the destinations its rule names', async () => {
    await apply(
      'egress',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allowed-egress}
spec:
  podSelector: {matchLabels: {role: allowed}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: server}}}]
    ports: [{port: 8080}]
`,
    );
    await until('server2 to be out of reach', async () => (await fetch('allowed', 'server2')) === '');
    expect(await fetch('allowed', 'server')).toBe('server');
    // Other pods of the namespace are not egress-isolated.
    expect(await fetch('stranger', 'server2')).toBe('server2');
  });

  it('refuses an invalid policy with a 422 naming the field', async () => {
    const out = await applyManifest(
      cluster,
      'invalid',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad}
spec:
  podSelector: {}
  ingress: [{ports: [{port: http, endPort: 90}], from: [{ipBlock: {cidr: 198.19.0.0/16, except: [198.20.0.0/24]}}]}]
`,
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('spec.ingress[0].ports[0].endPort: Forbidden: may not be specified when port is non-numeric');
    expect(out.stderr).toContain(
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "198.20.0.0/24": must be a strict subset of `cidr`',
    );
    expect((await cluster.kubectl('get', 'netpol', 'bad')).code).not.toBe(0);
  });
});
