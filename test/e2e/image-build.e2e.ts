// `stevedore node build` against the agent of an all-in-one cluster: a two-stage Dockerfile from
// the test busybox image, a rebuild where every step is CACHED and nothing new is stored, a
// change to one file that rebuilds from its COPY on, --push to the test registry and the image
// run as a pod, and Dockerfiles that must fail with their line and leave nothing behind.

import { makeTempDir, spawnTracked, waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CLI, stevedore } from './support/agent-process';
import { mountsUnder } from './support/busybox-rootfs';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('stevedore node build', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let ctx: string;
  const node = (...args: string[]) => stevedore(cluster.dataDir, ...args);
  const images = () => path.join(cluster.dataDir, 'agent', 'images');
  /** What the image store holds: blobs, unpacked layers and image records. */
  const storeCounts = async () => ({
    blobs: (await fs.readdir(path.join(images(), 'blobs', 'sha256'))).length,
    snapshots: (await fs.readdir(path.join(images(), 'snapshots'))).length,
    records: (await fs.readdir(path.join(images(), 'records', 'images'))).length,
  });
  const steps = (out: string) => out.split('\n').filter((l) => /^Step \d+\/\d+ : /.test(l));
  /** Step lines each followed by whether the step was CACHED. */
  const cachedSteps = (out: string) => {
    const lines = out.split('\n');
    return lines.flatMap((l, n) => (/^Step \d+\/\d+ : (?!FROM)/.test(l) ? [{ step: l, cached: lines[n + 1] === ' ---> CACHED' }] : []));
  };
  const dockerfile = () => `FROM ${setup!.images.busybox} AS builder
WORKDIR /src
COPY greeting.txt .
RUN tr a-z A-Z < greeting.txt > shout.txt
FROM ${setup!.images.busybox}
ARG FLAVOUR=plain
ENV GREETING_FILE=/app/shout.txt FLAVOUR=\${FLAVOUR}
WORKDIR /app
COPY --from=builder /src/shout.txt ./
COPY app.sh /app/
LABEL org.example.flavour=$FLAVOUR
EXPOSE 8080
CMD ["sh", "/app/app.sh"]
`;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    ctx = await makeTempDir('build-ctx');
    await fs.writeFile(path.join(ctx, 'Dockerfile'), dockerfile());
    await fs.writeFile(path.join(ctx, 'greeting.txt'), 'hello from a build\n');
    await fs.writeFile(path.join(ctx, 'app.sh'), 'cat "$GREETING_FILE"; echo "flavour $FLAVOUR"\n');
    await fs.writeFile(path.join(ctx, 'secret.txt'), 'not for images\n');
    await fs.writeFile(path.join(ctx, '.dockerignore'), 'secret.txt\n*.log\n');
  });

  afterAll(async () => {
    const ps = await node('ps', '-a', '--output', 'json');
    for (const c of JSON.parse(ps.stdout || '[]') as { id: string }[]) await node('rm', '-f', c.id);
    const leftovers = cluster ? await mountsUnder(cluster.dataDir) : [];
    expect(await stopClusterWithImages(setup)).toEqual([]);
    if (ctx) await fs.rm(ctx, { recursive: true, force: true });
    expect(leftovers.filter((m) => !m.includes('/pods/'))).toEqual([]);
  });

  let firstId = '';

  it('builds a two-stage Dockerfile, step by step, into a runnable image with its config', async () => {
    const build = await node('build', '-t', 'demo:1', '--build-arg', 'FLAVOUR=mint', ctx);
    expect({ code: build.code, stderr: build.stderr }).toEqual({ code: 0, stderr: '' });
    expect(steps(build.stdout)).toHaveLength(13);
    expect(build.stdout).toContain('Step 1/13 : FROM ');
    expect(build.stdout).toContain('Step 4/13 : RUN tr a-z A-Z < greeting.txt > shout.txt');
    expect(build.stdout).toMatch(/ ---> Running in [0-9a-f]{12}\n/);
    expect(build.stdout).toMatch(/Removing intermediate container [0-9a-f]{12}\n/);
    const built = /Successfully built ([0-9a-f]{12})\n/.exec(build.stdout);
    expect(built).not.toBeNull();
    firstId = built![1]!;
    expect(build.stdout).toContain('Successfully tagged demo:1\n');
    const record = JSON.parse((await node('inspect', 'demo:1')).stdout) as {
      id: string;
      config: { config: Record<string, unknown>; history: { created_by: string; empty_layer?: boolean }[] };
    };
    expect(record.id.slice(7, 19)).toBe(firstId);
    expect(record.config.config).toMatchObject({
      Cmd: ['sh', '/app/app.sh'],
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {} },
      Labels: { 'org.example.flavour': 'mint' },
    });
    expect(record.config.config.Env).toEqual(expect.arrayContaining(['GREETING_FILE=/app/shout.txt', 'FLAVOUR=mint']));
    const history = record.config.history.map((h) => h.created_by);
    expect(history).toEqual(expect.arrayContaining(['WORKDIR /app', 'CMD ["sh","/app/app.sh"]', 'EXPOSE 8080/tcp']));
    expect(record.config.history.find((h) => h.created_by === 'EXPOSE 8080/tcp')?.empty_layer).toBe(true);
    const run = await node('run', '--name', 'demo-run', 'demo:1');
    expect(run).toMatchObject({ code: 0, stdout: 'HELLO FROM A BUILD\nflavour mint\n' });
    expect((await node('rm', 'demo-run')).code).toBe(0);
    // Build steps' own images are the cache: not listed, only the tagged result is.
    const list = await node('images');
    expect(list.stdout).toMatch(/^demo\s+1\s+[0-9a-f]{12}/m);
    expect(list.stdout).not.toContain('<none>');
  });

  it('rebuilds the same context entirely from the cache: every step CACHED, the same ID, nothing new stored', async () => {
    const before = await storeCounts();
    const build = await node('build', '-t', 'demo:1', '--build-arg', 'FLAVOUR=mint', ctx);
    expect(build.code).toBe(0);
    const marks = cachedSteps(build.stdout);
    expect(marks).toHaveLength(11);
    expect(marks.filter((m) => !m.cached)).toEqual([]);
    expect(build.stdout).not.toContain('Running in');
    expect(build.stdout).toContain(`Successfully built ${firstId}\n`);
    expect(await storeCounts()).toEqual(before);
  });

  it('rebuilds from the COPY of the one changed file on', async () => {
    await fs.writeFile(path.join(ctx, 'app.sh'), 'cat "$GREETING_FILE"; echo "changed $FLAVOUR"\n');
    const before = await storeCounts();
    const build = await node('build', '-t', 'demo:2', '--build-arg', 'FLAVOUR=mint', ctx);
    expect(build.code).toBe(0);
    const marks = cachedSteps(build.stdout);
    const copyAt = marks.findIndex((m) => m.step.includes('COPY app.sh /app/'));
    expect(marks.slice(0, copyAt).every((m) => m.cached)).toBe(true);
    expect(marks.slice(copyAt).some((m) => m.cached)).toBe(false);
    // One new layer (the COPY's) and no RUN: the builder stage came from the cache.
    expect(build.stdout).not.toContain('Running in');
    expect((await storeCounts()).snapshots).toBe(before.snapshots + 1);
    expect(build.stdout).not.toContain(`Successfully built ${firstId}`);
  });

  it('pushes with --push, and the pushed image runs as a pod', async () => {
    const name = `${setup!.registry.host}/test/built:1`;
    const build = await node('build', '--push', '-t', name, '--build-arg', 'FLAVOUR=mint', ctx);
    expect({ code: build.code, stderr: build.stderr }).toEqual({ code: 0, stderr: '' });
    expect(build.stdout).toMatch(/Pushed .*test\/built:1: digest: sha256:[0-9a-f]{64}/);
    const applied = await applyManifest(
      cluster,
      'built',
      `apiVersion: v1
kind: Pod
metadata: {name: built}
spec:
  restartPolicy: Never
  containers: [{name: main, image: ${name}, imagePullPolicy: Always}]
`,
    );
    expect(applied.code).toBe(0);
    await waitFor(async () => (await cluster.kubectl('get', 'pod', 'built', '-o', 'jsonpath={.status.phase}')).stdout === 'Succeeded', {
      what: 'the built image to run to completion as a pod',
      timeoutMs: 60000,
    });
    expect((await cluster.kubectl('logs', 'built')).stdout).toBe('HELLO FROM A BUILD\nchanged mint\n');
  });

  describe('stops at the line at fault and leaves no image and no container', () => {
    const failing = async (name: string, text: string) => {
      const dir = await makeTempDir('build-bad');
      await fs.writeFile(path.join(dir, 'Dockerfile'), text);
      await fs.writeFile(path.join(dir, 'present.txt'), 'here\n');
      await fs.writeFile(path.join(dir, 'skip.log'), 'ignored\n');
      await fs.writeFile(path.join(dir, '.dockerignore'), '*.log\n');
      const result = await node('build', '-t', `bad-${name}:1`, dir);
      await fs.rm(dir, { recursive: true, force: true });
      expect(result.code).not.toBe(0);
      expect((await node('images')).stdout).not.toContain(`bad-${name}`);
      const ps = JSON.parse((await node('ps', '-a', '--output', 'json')).stdout) as { name: string }[];
      expect(ps.filter((c) => c.name.startsWith('build-'))).toEqual([]);
      return result;
    };
    const base = () => `FROM ${setup!.images.busybox}\n`;

    it('an unknown instruction', async () => {
      const r = await failing('unknown', `${base()}COPY present.txt /\nBOGUS something\n`);
      expect(r.stderr).toBe('Dockerfile:3: unknown instruction: BOGUS\n');
    });

    it('a RUN that fails, with its exit code', async () => {
      const r = await failing('run', `${base()}COPY present.txt /\nRUN echo about to fail && exit 3\n`);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('about to fail\n');
      expect(r.stderr).toBe(
        "Dockerfile:3: RUN failed: the command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3\n",
      );
    });

    it('a build whose client goes away: its RUN is stopped and its container removed', async () => {
      const dir = await makeTempDir('build-cancel');
      await fs.writeFile(path.join(dir, 'Dockerfile'), `${base()}RUN echo started && sleep 120\n`);
      const child = spawnTracked(process.execPath, [CLI, 'node', '--data-dir', cluster.dataDir, 'build', '-t', 'bad-cancel:1', dir]);
      let output = '';
      child.stdout?.on('data', (d) => (output += d));
      await waitFor(async () => output.includes('started\n'), { what: 'the RUN to start' });
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
      const buildContainers = async () =>
        (JSON.parse((await node('ps', '-a', '--output', 'json')).stdout) as { name: string }[]).filter((c) => c.name.startsWith('build-'));
      await waitFor(async () => (await buildContainers()).length === 0, { what: 'the build container to be removed', timeoutMs: 20000 });
      expect((await node('images')).stdout).not.toContain('bad-cancel');
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('a COPY of a missing file, an ignored file, or a path leaving the context', async () => {
      expect((await failing('missing', `${base()}COPY missing.txt /\n`)).stderr).toBe(
        'Dockerfile:2: COPY failed: file not found in build context: missing.txt\n',
      );
      expect((await failing('ignored', `${base()}COPY skip.log /\n`)).stderr).toBe(
        'Dockerfile:2: COPY failed: file not found in build context or excluded by .dockerignore: skip.log\n',
      );
      expect((await failing('escape', `${base()}WORKDIR /x\nCOPY ../present.txt /\n`)).stderr).toBe(
        'Dockerfile:3: COPY failed: forbidden path outside the build context: ../present.txt\n',
      );
    });
  });
});
