// The all-in-one cluster (`stevedore up`: real etcd, control plane, agent, runc, CNI) driven by
// the real kubectl, as a user would: pods run, log, exec, restart, fail and terminate.

import { type RunningRegistry, type TestImages, waitFor } from '@stevedore/testing';
import { execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CLI, stevedore } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('all-in-one cluster with the real kubectl', () => {
  let setup: ClusterWithImages | undefined;
  let registry: RunningRegistry;
  let images: TestImages;
  let cluster: ClusterProcess;
  let manifests: string;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    ({ registry, images, cluster } = setup);
    manifests = path.join(cluster.dataDir, 'manifests');
    await fs.mkdir(manifests);
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = async (name: string, yaml: string) => {
    const file = path.join(manifests, `${name}.yaml`);
    await fs.writeFile(file, yaml);
    return kubectl('apply', '-f', file);
  };
  const podJson = async (name: string) => JSON.parse((await kubectl('get', 'pod', name, '-o', 'json')).stdout || '{}');
  const waitForPod = (name: string, what: string, test: (pod: any) => boolean, timeoutMs = 60000): Promise<any> =>
    waitFor(
      async () => {
        const pod = await podJson(name);
        return test(pod) ? pod : undefined;
      },
      { what: `pod ${name} ${what}`, timeoutMs, intervalMs: 300 },
    );
  const podYaml = (name: string, command: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sh", "-c", ${JSON.stringify(command)}]
${extra}`;

  it('registers the local node as Ready', async () => {
    const { stdout } = await kubectl('get', 'nodes');
    expect(stdout).toMatch(new RegExp(`^${cluster.nodeName}\\s+Ready\\s`, 'm'));
  });

  it('runs a pod: Running with a pod IP and container statuses, shown in the table', async () => {
    const trapTerm = "trap 'echo bye; exit 0' TERM; echo started; while true; do sleep 0.2; done";
    expect((await apply('web', podYaml('web', trapTerm))).stdout).toContain('pod/web created');
    const pod = await waitForPod('web', 'Running', (p) => p.status?.phase === 'Running');
    expect(pod.status.podIP).toMatch(/^198\.19\.\d+\.\d+$/);
    expect(pod.status.hostIP).toBeTruthy();
    expect(pod.spec.nodeName).toBe(cluster.nodeName);
    expect(pod.status.containerStatuses[0]).toMatchObject({ name: 'main', ready: true, restartCount: 0, state: { running: {} } });
    expect(pod.status.containerStatuses[0].containerID).toMatch(/^stevedore:\/\/[0-9a-f]{64}$/);
    const table = await kubectl('get', 'pods', '-o', 'wide');
    expect(table.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(table.stdout).toMatch(new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+198\\.19\\.\\S+\\s+${cluster.nodeName}`, 'm'));
  });

  it('serves logs, follows them, and runs exec with exit codes', async () => {
    expect((await kubectl('logs', 'web')).stdout).toContain('started');
    const exec = await kubectl('exec', 'web', '--', 'cat', '/etc/hostname');
    expect(exec).toMatchObject({ code: 0, stdout: 'web\n' });
    expect((await kubectl('exec', 'web', '--', 'sh', '-c', 'exit 42')).code).toBe(42);
    const follow = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, 'logs', '-f', 'web', '--tail', '1']);
    let followed = '';
    follow.stdout.on('data', (d) => (followed += d));
    await kubectl('exec', 'web', '--', 'sh', '-c', 'echo from-exec > /proc/1/fd/1');
    await waitFor(async () => followed.includes('from-exec'), { what: 'logs -f to show a new line', timeoutMs: 15000 });
    follow.kill();
  });

  it('streams changes to kubectl get -w and describes the pod with its events', async () => {
    const watch = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, 'get', 'pods', '-w', '--output-watch-events']);
    let watched = '';
    watch.stdout.on('data', (d) => (watched += d));
    await waitFor(async () => watched.includes('web'), { what: 'the initial watch list', timeoutMs: 15000 });
    await kubectl('label', 'pod', 'web', 'seen=yes');
    await waitFor(async () => /MODIFIED\s+web/.test(watched), { what: 'a MODIFIED event in kubectl get -w', timeoutMs: 15000 });
    watch.kill();
    const described = (await kubectl('describe', 'pod', 'web')).stdout;
    expect(described).toMatch(/Status:\s+Running/);
    expect(described).toMatch(/Scheduled\s+.*Successfully assigned default\/web/);
    expect(described).toMatch(/Started\s+.*Started container main/);
  });

  it('patches on a second apply with changed labels, keeping the pod', async () => {
    const before = await podJson('web');
    const trapTerm = "trap 'echo bye; exit 0' TERM; echo started; while true; do sleep 0.2; done";
    const second = await apply('web', podYaml('web', trapTerm).replace('labels: {app: web}', 'labels: {app: web, tier: front}'));
    expect(second.stdout).toContain('pod/web configured');
    const after = await podJson('web');
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.labels).toMatchObject({ app: 'web', tier: 'front' });
  });

  it('refuses an invalid manifest with 422 naming the field and stores nothing', async () => {
    const bad = podYaml('invalid', 'true').replace(`image: ${images.busybox}`, 'image: ""');
    const result = await apply('invalid', bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Pod "invalid" is invalid: spec\.containers\[0\]\.image: Required value/);
    expect((await kubectl('get', 'pod', 'invalid')).stderr).toMatch(/NotFound/);
  });

  it('reports ErrImagePull, then ImagePullBackOff, for a missing image', async () => {
    const yaml = podYaml('noimage', 'true').replace(`image: ${images.busybox}`, `image: ${registry.host}/test/missing:1`);
    await apply('noimage', yaml);
    const reasons = new Set<string>();
    await waitForPod(
      'noimage',
      'in ImagePullBackOff',
      (p) => {
        const reason = p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        if (reason) reasons.add(reason);
        return reason === 'ImagePullBackOff';
      },
      60000,
    );
    expect([...reasons]).toContain('ImagePullBackOff');
    expect((await kubectl('describe', 'pod', 'noimage')).stdout).toMatch(/Failed\s+.*manifest unknown|Failed\s+.*not found/);
  });

  it('puts a crashing container in CrashLoopBackOff with a rising restart count', async () => {
    await apply('crash', podYaml('crash', 'echo crashing; exit 3'));
    const pod = await waitForPod(
      'crash',
      'in CrashLoopBackOff after 2 restarts',
      (p) => {
        const s = p.status?.containerStatuses?.[0];
        return s?.restartCount >= 2 && s?.state?.waiting?.reason === 'CrashLoopBackOff';
      },
      90000,
    );
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect((await kubectl('get', 'pod', 'crash')).stdout).toMatch(/crash\s+0\/1\s+CrashLoopBackOff\s+[2-9]/);
  });

  it('restarts a container whose liveness probe fails', async () => {
    const probe = `    livenessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      periodSeconds: 1
      failureThreshold: 2
`;
    await apply('liveness', podYaml('liveness', 'touch /tmp/healthy; sleep 3; rm /tmp/healthy; sleep 600', probe));
    await waitForPod('liveness', 'restarted by its liveness probe', (p) => p.status?.containerStatuses?.[0]?.restartCount >= 1, 60000);
    expect((await kubectl('describe', 'pod', 'liveness')).stdout).toMatch(/Unhealthy\s+.*Liveness probe failed/);
  });

  it('terminates a pod gracefully on delete and removes its containers', async () => {
    const { containerID } = (await podJson('web')).status.containerStatuses[0];
    const started = Date.now();
    const deleted = await kubectl('delete', 'pod', 'web');
    expect(deleted.stdout).toContain('pod "web" deleted');
    // The container traps SIGTERM and exits at once: far sooner than its 5 s grace period runs out.
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await kubectl('get', 'pod', 'web')).stderr).toMatch(/NotFound/);
    const ps = await stevedore(path.join(cluster.dataDir, 'agent'), 'ps', '-a', '--no-trunc');
    expect(ps.stdout).not.toContain(containerID.replace('stevedore://', ''));
  });

  it('rolls out, scales and updates a Deployment, and deletes what it owns with it', async () => {
    const created = await kubectl(
      'create',
      'deployment',
      'app',
      `--image=${images.busybox}`,
      '--replicas=2',
      '--',
      'sh',
      '-c',
      "trap 'exit 0' TERM; while true; do sleep 0.2; done",
    );
    expect(created.stdout).toContain('deployment.apps/app created');
    expect((await kubectl('rollout', 'status', 'deploy/app', '--timeout=90s')).stdout).toContain('successfully rolled out');
    expect((await kubectl('scale', 'deploy/app', '--replicas=3')).code).toBe(0);
    expect((await kubectl('rollout', 'status', 'deploy/app', '--timeout=90s')).stdout).toContain('successfully rolled out');
    expect((await kubectl('get', 'deploy', 'app')).stdout).toMatch(/^app\s+3\/3\s+3\s+3\s/m);
    await kubectl('set', 'image', 'deploy/app', `busybox=${images.web}`);
    expect((await kubectl('rollout', 'status', 'deploy/app', '--timeout=90s')).stdout).toContain('successfully rolled out');
    const sets = JSON.parse((await kubectl('get', 'rs', '-o', 'json')).stdout).items as any[];
    const current = sets.find((rs) => rs.spec.template.spec.containers[0].image === images.web);
    expect(current?.status.readyReplicas).toBe(3);
    expect(sets.filter((rs) => rs !== current).every((rs) => rs.spec.replicas === 0)).toBe(true);
    expect((await kubectl('rollout', 'history', 'deploy/app')).stdout).toMatch(/^2\s/m);
    await kubectl('delete', 'deploy', 'app');
    await waitFor(async () => !(await kubectl('get', 'pods', '-l', 'app=app', '-o', 'name')).stdout.trim(), {
      what: "the Deployment's pods to be collected",
      timeoutMs: 60000,
    });
    expect((await kubectl('get', 'rs', '-o', 'name')).stdout.trim()).toBe('');
  });

  it("orphans a Deployment's ReplicaSet with --cascade=orphan, and collects its pods when it goes", async () => {
    await kubectl(
      'create',
      'deployment',
      'keep',
      `--image=${images.busybox}`,
      '--replicas=1',
      '--',
      'sh',
      '-c',
      "trap 'exit 0' TERM; while true; do sleep 0.2; done",
    );
    expect((await kubectl('rollout', 'status', 'deploy/keep', '--timeout=90s')).stdout).toContain('successfully rolled out');
    await kubectl('delete', 'deploy', 'keep', '--cascade=orphan');
    const [rs] = JSON.parse((await kubectl('get', 'rs', '-l', 'app=keep', '-o', 'json')).stdout).items as any[];
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect((await kubectl('get', 'pods', '-l', 'app=keep', '-o', 'name')).stdout.trim()).not.toBe('');
    await kubectl('delete', 'rs', rs.metadata.name);
    await waitFor(async () => !(await kubectl('get', 'pods', '-l', 'app=keep', '-o', 'name')).stdout.trim(), {
      what: "the orphaned set's pods to be collected",
      timeoutMs: 60000,
    });
  });

  it('runs a Job to completion and a DaemonSet pod on the node', async () => {
    await apply(
      'job',
      `apiVersion: batch/v1
kind: Job
metadata: {name: count}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: "${images.busybox}", command: ["sh", "-c", "echo counted"]}
`,
    );
    expect((await kubectl('wait', '--for=condition=complete', 'job/count', '--timeout=90s')).code).toBe(0);
    expect((await kubectl('get', 'job', 'count')).stdout).toMatch(/^count\s+Complete\s+3\/3/m);
    expect((await kubectl('logs', 'job/count')).stdout).toContain('counted');
    // kubectl 1.32+ sends `create job` as protobuf.
    expect((await kubectl('create', 'job', 'once', `--image=${images.busybox}`, '--', 'echo', 'once done')).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=complete', 'job/once', '--timeout=90s')).code).toBe(0);
    expect((await kubectl('logs', 'job/once')).stdout.trim()).toBe('once done');
    await kubectl('delete', 'job', 'once');
    await apply(
      'ds',
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: everywhere}
spec:
  selector: {matchLabels: {app: everywhere}}
  template:
    metadata: {labels: {app: everywhere}}
    spec:
      containers:
      - {name: main, image: "${images.busybox}", command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]}
`,
    );
    expect((await kubectl('rollout', 'status', 'ds/everywhere', '--timeout=90s')).stdout).toContain('successfully rolled out');
    const pods = JSON.parse((await kubectl('get', 'pods', '-l', 'app=everywhere', '-o', 'json')).stdout).items as any[];
    expect(pods.map((p) => p.spec.nodeName)).toEqual([cluster.nodeName]);
    await kubectl('delete', 'ds', 'everywhere');
    await kubectl('delete', 'job', 'count');
    await waitFor(async () => !(await kubectl('get', 'pods', '-l', 'app=everywhere', '-o', 'name')).stdout.trim(), {
      what: 'the DaemonSet pods to go',
      timeoutMs: 60000,
    });
  });

  it('refuses a wrong token with 401', async () => {
    const result = await kubectl('--token', 'wrong', 'get', 'pods');
    expect(result.stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('loses no object and restarts no container when the cluster processes restart', async () => {
    await apply('steady', podYaml('steady', 'while true; do sleep 1; done'));
    const before = await waitForPod('steady', 'Running', (p) => p.status?.phase === 'Running');
    await cluster.stop('SIGKILL');
    await cluster.restart();
    await waitFor(async () => (await kubectl('get', 'nodes')).stdout.includes(' Ready'), {
      what: 'the node to be Ready again',
      timeoutMs: 30000,
    });
    const after = await waitForPod('steady', 'reported again after the restart', (p) => p.status?.phase === 'Running');
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.status.containerStatuses[0].containerID).toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.containerStatuses[0].restartCount).toBe(0);
    expect(after.status.podIP).toBe(before.status.podIP);
  });

  it('offers apply, get, logs, exec, describe and delete in the stevedore CLI too', async () => {
    const file = path.join(manifests, 'cli.yaml');
    await fs.writeFile(file, podYaml('cli', "trap 'exit 0' TERM; echo cli-says-hi; while true; do sleep 0.2; done"));
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [CLI, '--kubeconfig', cluster.kubeconfig, ...args], { timeout: 60000 }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    expect((await run('apply', '-f', file)).stdout).toContain('pod/cli created');
    expect((await run('apply', '-f', manifests)).stdout).toContain('pod/cli configured');
    await waitForPod('cli', 'Running', (p) => p.status?.phase === 'Running');
    expect((await run('get', 'pods')).stdout).toMatch(/^cli\s+1\/1\s+Running\s+0/m);
    await waitFor(async () => (await run('logs', 'cli')).stdout.includes('cli-says-hi'), { what: 'stevedore logs', timeoutMs: 10000 });
    expect(await run('exec', 'cli', '--', 'cat', '/etc/hostname')).toMatchObject({ code: 0, stdout: 'cli\n' });
    expect((await run('exec', 'cli', '--', 'sh', '-c', 'exit 5')).code).toBe(5);
    expect((await run('describe', 'pod', 'cli')).stdout).toMatch(/Started\s+.*Started container main/);
    expect((await run('get', 'pods', 'nosuch')).stderr).toMatch(/NotFound.*pods "nosuch" not found/);
    expect((await run('delete', 'pod', 'cli')).stdout).toContain('pod "cli" deleted');
    await waitFor(async () => (await kubectl('get', 'pod', 'cli')).stderr.includes('NotFound'), {
      what: 'the pod to be gone',
      timeoutMs: 20000,
    });
  });

  it('lets @kubernetes/client-node list and watch pods', async () => {
    const script = path.join(__dirname, 'support', 'client-node-watch.mjs');
    const child = spawn(process.execPath, [script, cluster.kubeconfig, 'default'], { cwd: path.resolve(__dirname, '../..') });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await waitFor(async () => out.includes('LISTED'), { what: `client-node to list pods (${out})`, timeoutMs: 30000 });
    expect(out).toMatch(/LISTED .*steady/);
    await kubectl('label', 'pod', 'steady', 'client=node');
    await waitFor(async () => /WATCHED MODIFIED steady/.test(out), { what: `client-node to see the change (${out})`, timeoutMs: 20000 });
    child.kill();
  });
});
