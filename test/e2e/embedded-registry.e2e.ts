// `stevedore up` runs an image registry beside the cluster: an image pushed there from the node
// runs as a pod with no registry flags anywhere, its blobs live under the data dir, and the
// registry process goes when the cluster stops.
import { freePort, waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { stevedore } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

describe('the embedded registry of stevedore up', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let registryHost: string;

  beforeAll(async () => {
    const port = await freePort();
    registryHost = `127.0.0.1:${port}`;
    setup = await startClusterWithImages(['--registry-port', String(port)]);
    cluster = setup.cluster;
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
    // The registry stopped with the cluster.
    await expect(fetch(`http://${registryHost}/v2/`)).rejects.toThrow();
  });

  const node = (...args: string[]) => stevedore(path.join(cluster.dataDir, 'agent'), ...args);

  it('serves the distribution API on the given port, its data under DIR/registry', async () => {
    const res = await fetch(`http://${registryHost}/v2/`);
    expect(res.status).toBe(200);
    expect(await fs.readFile(path.join(cluster.dataDir, 'registry', 'config.yml'), 'utf8')).toContain(`addr: ${registryHost}`);
  });

  it('runs a pod from an image pushed there, with no registry flag on the node', async () => {
    const image = `${registryHost}/demo/hello:1`;
    expect((await node('pull', setup!.images.busybox)).code).toBe(0);
    expect((await node('tag', setup!.images.busybox, image)).code).toBe(0);
    expect((await node('push', image)).code).toBe(0);
    expect((await node('rmi', image)).code).toBe(0);
    const created = await cluster.kubectl('run', 'hello', `--image=${image}`, '--restart=Never', '--', 'echo', 'hello from the registry');
    expect(created.code).toBe(0);
    await waitFor(async () => (await cluster.kubectl('get', 'pod', 'hello', '-o', 'jsonpath={.status.phase}')).stdout === 'Succeeded', {
      what: 'the pod to succeed',
      timeoutMs: 60_000,
    });
    expect((await cluster.kubectl('logs', 'hello')).stdout.trim()).toBe('hello from the registry');
    // docker.io is mirrored to the embedded registry: `--image=busybox` is found there.
    const hub = `${registryHost}/library/busybox:latest`;
    expect((await node('tag', setup!.images.busybox, hub)).code).toBe(0);
    expect((await node('push', hub)).code).toBe(0);
    expect((await node('rmi', hub)).code).toBe(0);
    expect((await cluster.kubectl('run', 'short', '--image=busybox', '--restart=Never', '--', 'echo', 'short name')).code).toBe(0);
    await waitFor(async () => (await cluster.kubectl('get', 'pod', 'short', '-o', 'jsonpath={.status.phase}')).stdout === 'Succeeded', {
      what: 'the pod named by a Docker Hub short name to succeed',
      timeoutMs: 60_000,
    });
    const blobs = await fs.readdir(path.join(cluster.dataDir, 'registry', 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256'));
    expect(blobs.length).toBeGreaterThan(0);
  });
});
