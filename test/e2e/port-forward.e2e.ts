// `kubectl port-forward` against the all-in-one cluster, with the oldest and newest kubectl we
// support: 1.27 speaks SPDY/3.1 directly, 1.33 first tries the WebSocket tunnel that carries the
// same SPDY bytes. Pods, Services and Deployments as targets, several ports and connections at
// once, a 20 MB body intact, and a closed port answered with kubectl's error.

import { waitFor } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { httpGet, portForward } from './support/port-forward';

jest.setTimeout(150_000);

const KUBECTLS = [
  ['1.33', 'kubectl'],
  ['1.27', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27'],
] as const;

const BIG_BYTES = 20_000_000;

describe('kubectl port-forward', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let pod: string;
  let bigSha: string;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    // 8080 on every address; 8081 on loopback only, which port-forward (localhost in the pod) still reaches.
    const script = [
      'mkdir -p /www /lo',
      'echo hello-8080 > /www/index.html',
      'echo hello-8081 > /lo/index.html',
      `head -c ${BIG_BYTES} /dev/urandom > /www/big`,
      'httpd -p 127.0.0.1:8081 -h /lo',
      'exec httpd -f -p 8080 -h /www',
    ].join(' && ');
    const applied = await applyManifest(
      cluster,
      'web',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${setup.images.busybox}
        command: [sh, -c, ${JSON.stringify(script)}]
        ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`,
    );
    expect(applied.stderr).toBe('');
    expect((await cluster.kubectl('rollout', 'status', 'deploy/web', '--timeout=60s')).code).toBe(0);
    pod = (await cluster.kubectl('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    bigSha = await waitFor(
      async () => {
        const out = await cluster.kubectl('exec', pod, '--', 'sha256sum', '/www/big');
        return /^[0-9a-f]{64}/.exec(out.stdout)?.[0];
      },
      { what: 'the big file in the pod', timeoutMs: 30000 },
    );
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  describe.each(KUBECTLS)('kubectl %s', (_version, kubectl) => {
    it('forwards two ports of a pod, several connections at once, and a 20 MB body intact', async () => {
      // -v=4 shows client-go's "fallback to secondary dialer" if the WebSocket tunnel were refused.
      const forward = await portForward(cluster, kubectl, `pod/${pod}`, [8080, 8081], ['-v=4']);
      try {
        const [p8080, p8081] = forward.local as [number, number];
        // A failure says what kubectl printed meanwhile.
        const get = (port: number, path?: string) =>
          httpGet(port, path).catch((err: Error) => Promise.reject(new Error(`${err.message}; kubectl printed:\n${forward.output()}`)));
        const pages = await Promise.all([...Array(4)].flatMap(() => [get(p8080), get(p8081)]));
        expect(pages.map((p) => `${p.status} ${p.text.trim()}`)).toEqual([...Array(4)].flatMap(() => ['200 hello-8080', '200 hello-8081']));
        const big = await get(p8080, '/big');
        expect({ status: big.status, length: big.length, sha256: big.sha256 }).toEqual({ status: 200, length: BIG_BYTES, sha256: bigSha });
        expect(forward.output()).not.toMatch(/fallback to secondary dialer/);
      } finally {
        await forward.stop();
      }
    });

    it('resolves svc/NAME and deploy/NAME to a pod and the Service port to its target port', async () => {
      for (const target of ['svc/web', 'deploy/web']) {
        const remote = target === 'svc/web' ? 80 : 8080;
        const forward = await portForward(cluster, kubectl, target, [remote]);
        try {
          const page = await httpGet(forward.local[0]!);
          expect(`${page.status} ${page.text.trim()}`).toBe('200 hello-8080');
        } finally {
          await forward.stop();
        }
      }
    });

    it('answers a closed port with kubectl’s error and still forwards afterwards', async () => {
      const forward = await portForward(cluster, kubectl, `pod/${pod}`, [9999, 8080]);
      try {
        await expect(httpGet(forward.local[0]!)).rejects.toThrow();
        await waitFor(async () => /error forwarding port 9999 to pod .*connect: connection refused/.test(forward.output()), {
          what: `kubectl's error for the closed port (output: ${forward.output()})`,
        });
      } finally {
        await forward.stop();
      }
      // kubectl (1.27 and 1.33 alike) ends its own session after such an error ("lost connection
      // to pod"), as against Kubernetes; the pod and the next session are unaffected.
      const again = await portForward(cluster, kubectl, `pod/${pod}`, [8080]);
      try {
        expect((await httpGet(again.local[0]!)).text.trim()).toBe('hello-8080');
      } finally {
        await again.stop();
      }
    });
  });
});
