// Cluster DNS on the all-in-one cluster: pods get the kube-dns nameserver and search path, and
// the node's DNS server answers Services, headless members, SRV, ExternalName and pod names as
// CoreDNS would, forwarding other names to its upstream (a stub on 127.0.0.1 here).

import { waitFor } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { type DnsStub, STUB_ADDRESS, startDnsStub } from './support/dns-stub';
import { ownPodRange } from './support/pod-range';

jest.setTimeout(240_000);

describe('cluster DNS', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let stub: DnsStub;
  let helloIp: string;
  let memberIp: string;

  beforeAll(async () => {
    stub = await startDnsStub();
    setup = await startClusterWithImages(['--dns-upstream', `127.0.0.1:${stub.port}`, '--cluster-cidr', ownPodRange()]);
    cluster = setup.cluster;
    const busybox = setup.images.busybox;
    const applied = await applyManifest(
      cluster,
      'dns',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 1
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${busybox}
        command: [sh, -c, "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: hello}
spec:
  selector: {app: hello}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: members}
spec:
  clusterIP: None
  selector: {app: member}
  ports: [{name: web, port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: member, labels: {app: member}}
spec:
  hostname: web-0
  subdomain: members
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${busybox}, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: www.example.test}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  hostAliases: [{ip: 198.18.0.7, hostnames: [db.internal]}]
  containers: [{name: main, image: ${busybox}, command: [sleep, "3600"]}]
`,
    );
    expect(applied.code).toBe(0);
    for (const pod of ['client', 'member']) {
      await waitFor(async () => (await cluster.kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.phase}')).stdout === 'Running', {
        what: `${pod} running`,
        timeoutMs: 60_000,
      });
    }
    helloIp = (await cluster.kubectl('get', 'svc', 'hello', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
    memberIp = (await cluster.kubectl('get', 'pod', 'member', '-o', 'jsonpath={.status.podIP}')).stdout;
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
    await stub?.stop();
  });

  const inClient = (...command: string[]) => cluster.kubectl('exec', 'client', '--', ...command);
  /** busybox nslookup's answer once the name resolves (the zone follows the API within a second or two). */
  const lookup = (name: string, expected: string, type = 'a') =>
    waitFor(
      async () => {
        const out = (await inClient('nslookup', `-type=${type}`, name)).stdout;
        return out.includes(expected) ? out : undefined;
      },
      { what: `nslookup ${name} showing ${expected}`, timeoutMs: 30_000 },
    );

  it('serves the kube-dns Service address to pods, with the namespace search path and their own hosts file', async () => {
    const kubeDns = (await cluster.kubectl('get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
    expect(kubeDns).toBe('198.18.128.10');
    const resolv = (await inClient('cat', '/etc/resolv.conf')).stdout.trim().split('\n');
    expect(resolv).toEqual([
      'search default.svc.cluster.local svc.cluster.local cluster.local',
      'nameserver 198.18.128.10',
      'options ndots:5',
    ]);
    const podIp = (await cluster.kubectl('get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}')).stdout;
    const hosts = (await inClient('cat', '/etc/hosts')).stdout;
    expect(hosts).toContain(`${podIp}\tclient\n`);
    expect(hosts).toContain('198.18.0.7\tdb.internal\n');
    const memberHosts = (await cluster.kubectl('exec', 'member', '--', 'cat', '/etc/hosts')).stdout;
    expect(memberHosts).toContain(`${memberIp}\tweb-0.members.default.svc.cluster.local\tweb-0\n`);
  });

  it('answers Services, headless members, named ports and pod names', async () => {
    expect(await lookup('hello.default.svc.cluster.local.', `Address: ${helloIp}`)).toBeTruthy();
    expect(await lookup('web-0.members.default.svc.cluster.local.', `Address: ${memberIp}`)).toBeTruthy();
    expect(await lookup('members.default.svc.cluster.local.', `Address: ${memberIp}`)).toBeTruthy();
    expect(await lookup('_http._tcp.hello.default.svc.cluster.local.', '80 hello.default.svc.cluster.local', 'srv')).toBeTruthy();
    expect(await lookup('198-19-7-9.default.pod.cluster.local.', 'Address: 198.19.7.9')).toBeTruthy();
  });

  // Not wget's -T: this busybox build crashes with it.
  it('reaches a Service by its short name through the search path', async () => {
    const body = await waitFor(
      async () => (await inClient('timeout', '5', 'wget', '-q', '-O', '-', 'http://hello/')).stdout.trim() || undefined,
      {
        what: 'http://hello/ from the client pod',
        timeoutMs: 30_000,
      },
    );
    expect(body).toBe('hello');
  });

  it('follows an ExternalName to the upstream and forwards names outside the cluster', async () => {
    const ext = await lookup('ext.default.svc.cluster.local.', STUB_ADDRESS);
    expect(ext).toContain('canonical name = www.example.test');
    expect(await lookup('a.example.test.', `Address: ${STUB_ADDRESS}`)).toBeTruthy();
    expect(stub.asked).toContain('a.example.test');
  });

  it('says NXDOMAIN for a namespace that does not exist', async () => {
    const missing = await inClient('nslookup', 'hello.nowhere.svc.cluster.local.');
    expect(missing.code).not.toBe(0);
    expect(missing.stdout + missing.stderr).toMatch(/NXDOMAIN/);
  });
});
