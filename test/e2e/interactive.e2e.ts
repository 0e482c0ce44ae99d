// Interactive kubectl against the all-in-one cluster, with kubectl 1.27 (SPDY) and 1.33
// (WebSocket): `exec -it` on a real terminal (prompt, window size and resize, Ctrl-C, exit
// code), `attach -it` and `run -it --rm`, `kubectl cp` both ways with a 20 MB binary file, and
// the `kubectl logs` options.

import { waitFor } from '@stevedore/testing';
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { onTerminal } from './support/terminal';

jest.setTimeout(150_000);

const KUBECTLS = [
  ['1.33', 'kubectl'],
  ['1.27', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27'],
] as const;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('interactive kubectl', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    const busybox = setup.images.busybox;
    const applied = await applyManifest(
      cluster,
      'pods',
      `apiVersion: v1
kind: Pod
metadata: {name: shell, labels: {app: shell}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${busybox}, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: talker, labels: {app: talker}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: first, image: ${busybox}, command: [sh, -c, "for i in 1 2 3 4 5; do echo first-$i; done; sleep 3; echo first-late; exec sleep 3600"]}
  - {name: second, image: ${busybox}, command: [sh, -c, "echo second-1; exec sleep 3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${busybox}, command: [sh, -c, "echo run-$(cat /proc/sys/kernel/random/uuid); sleep 2; exit 1"]}]
`,
    );
    expect(applied.stderr).toBe('');
    expect((await cluster.kubectl('wait', '--for=condition=Ready', 'pod/shell', 'pod/talker', '--timeout=60s')).code).toBe(0);
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectlArgs = (kubectl: string, ...args: string[]) => [
    kubectl,
    '--kubeconfig',
    cluster.kubeconfig,
    '--cache-dir',
    path.join(cluster.dataDir, 'kube-cache'),
    ...args,
  ];

  describe.each(KUBECTLS)('kubectl %s', (_version, kubectl) => {
    it('exec -it gives a prompt, follows the window size, delivers Ctrl-C and passes the exit code on', async () => {
      const run = await onTerminal(
        // -v=4 shows client-go's "fallback to secondary dialer" if the WebSocket upgrade were refused.
        kubectlArgs(kubectl, '-v=4', 'exec', '-it', 'shell', '--', 'sh'),
        [
          { expect: '/ # ' },
          { send: 'stty size\r' },
          { expect: '37 101' },
          { resize: [120, 40] },
          { pauseMs: 500 },
          { send: 'stty size\r' },
          { expect: '40 120' },
          { send: 'sleep 100\r' },
          { pauseMs: 800 },
          { send: '\x03' },
          { expect: '/ # ' },
          { send: 'echo status-$?\r' },
          { expect: 'status-130' },
          { send: 'exit 3\r' },
        ],
        [101, 37],
      );
      const outcome = { failedAt: run.failedAt, exitCode: run.exitCode };
      // The transcript shows what the terminal looked like when a step timed out.
      expect(run.failedAt >= 0 ? { ...outcome, transcript: run.transcript } : outcome).toEqual({ failedAt: -1, exitCode: 3 });
      expect(run.transcript).toMatch(/command terminated with exit code 3/);
      expect(run.transcript).not.toMatch(/fallback to secondary dialer/);
    });

    it('attach -it joins a container started with stdin and tty, and ends with it', async () => {
      const pod = `console-${_version.replace('.', '-')}`;
      const applied = await applyManifest(
        cluster,
        pod,
        `apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sh], stdin: true, tty: true}]
`,
      );
      expect(applied.stderr).toBe('');
      expect((await cluster.kubectl('wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=60s')).code).toBe(0);
      const run = await onTerminal(
        kubectlArgs(kubectl, 'attach', '-it', pod),
        [
          { pauseMs: 500 },
          { send: '\r' },
          { expect: '/ # ' },
          { send: 'stty size\r' },
          { expect: '31 99' },
          { send: 'echo attached-$((6*7))\r' },
          { expect: 'attached-42' },
          { send: 'exit\r' },
        ],
        [99, 31],
      );
      expect(run.failedAt >= 0 ? run.transcript : run.failedAt).toBe(-1);
      const phase = await waitFor(
        async () => {
          const out = (await cluster.kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.phase}')).stdout;
          return out === 'Succeeded' ? out : undefined;
        },
        { what: `pod ${pod} to finish` },
      );
      expect(phase).toBe('Succeeded');
    });

    it('run -it --rm starts a pod, attaches a terminal to it and removes it afterwards', async () => {
      const pod = `tmp-${_version.replace('.', '-')}`;
      const run = await onTerminal(
        kubectlArgs(kubectl, 'run', '-it', '--rm', '--restart=Never', `--image=${setup!.images.busybox}`, pod, '--', 'sh'),
        [
          { expect: 'pressing enter|/ # ' },
          { pauseMs: 500 },
          { send: '\r' },
          { expect: '/ # ' },
          { send: 'echo run-$((6*7))\r' },
          { expect: 'run-42' },
          { send: 'exit\r' },
          { expect: `pod "${pod}" deleted` },
        ],
      );
      expect(run.failedAt >= 0 ? run.transcript : run.failedAt).toBe(-1);
      expect((await cluster.kubectl('get', 'pod', pod)).stderr).toMatch(/NotFound/);
    });

    it('cp copies a 20 MB binary file into the pod and back unchanged', async () => {
      const dir = path.join(cluster.dataDir, `cp-${_version}`);
      await fs.mkdir(dir, { recursive: true });
      const original = randomBytes(20_000_000);
      await fs.writeFile(path.join(dir, 'big.bin'), original);
      const up = await cluster.kubectl('cp', path.join(dir, 'big.bin'), 'shell:/tmp/big.bin');
      expect(up.stderr).toBe('');
      const inPod = await cluster.kubectl('exec', 'shell', '--', 'sha256sum', '/tmp/big.bin');
      expect(inPod.stdout.split(' ')[0]).toBe(sha256(original));
      const down = await cluster.kubectl('cp', 'shell:/tmp/big.bin', path.join(dir, 'back.bin'));
      expect(down.code).toBe(0);
      expect(sha256(await fs.readFile(path.join(dir, 'back.bin')))).toBe(sha256(original));
    });
  });

  describe('kubectl logs', () => {
    const logs = async (...args: string[]) => {
      const out = await cluster.kubectl('logs', ...args);
      expect(out.stderr).toBe('');
      return out.stdout;
    };

    beforeAll(async () => {
      await waitFor(async () => (await cluster.kubectl('logs', 'talker', '-c', 'first')).stdout.includes('first-late'), {
        what: 'the late line',
      });
    });

    it('honours --tail, --timestamps, --since-time and --since', async () => {
      expect(await logs('talker', '-c', 'first', '--tail=2')).toBe('first-5\nfirst-late\n');
      const stamped = (await logs('talker', '-c', 'first', '--timestamps')).trim().split('\n');
      expect(stamped).toHaveLength(6);
      for (const line of stamped) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z first-/);
      // Between the fifth line and the late one, written 3 s apart.
      const fifth = Date.parse(stamped[4]!.split(' ')[0]!);
      const between = new Date(fifth + 1500).toISOString();
      expect(await logs('talker', '-c', 'first', `--since-time=${between}`)).toBe('first-late\n');
      expect(await logs('talker', '-c', 'first', '--since=1h')).toContain('first-1\n');
    });

    it('honours --all-containers and -l', async () => {
      const all = await logs('talker', '--all-containers');
      expect(all).toContain('first-1\n');
      expect(all).toContain('second-1\n');
      expect(await logs('-l', 'app=talker', '-c', 'second')).toBe('second-1\n');
    });

    it('shows the previous run with --previous', async () => {
      const previous = await waitFor(
        async () => {
          const out = await cluster.kubectl('logs', 'crasher', '--previous');
          return out.code === 0 && /^run-\S+\n$/.test(out.stdout) ? out.stdout : undefined;
        },
        { what: 'a previous run of the crasher', timeoutMs: 60000, intervalMs: 500 },
      );
      const current = await waitFor(
        async () => {
          const out = await cluster.kubectl('logs', 'crasher');
          return /^run-\S+\n$/.test(out.stdout) && out.stdout !== previous ? out.stdout : undefined;
        },
        { what: 'the current run of the crasher', timeoutMs: 30000, intervalMs: 500 },
      );
      expect(current).not.toBe(previous);
    });
  });
});
