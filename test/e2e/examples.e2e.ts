// The examples as a newcomer runs them: `stevedore up` with its own registry builds the busybox
// image from the host's busybox-static on first start, and `kubectl apply -f examples/` runs
// every example with `image: busybox`, no registry or image of the user's own.
import { freePort, waitFor } from '@stevedore/testing';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';
import { ownPodRange } from './support/pod-range';

jest.setTimeout(240_000);

const EXAMPLES = path.join(__dirname, '..', '..', 'examples').replace(`${path.sep}dist${path.sep}`, path.sep);

describe('the examples, on a cluster with nothing but its own registry', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let registry: string;

  beforeAll(async () => {
    registry = `127.0.0.1:${await freePort()}`;
    // Probes reach pods from the host: a range of its own keeps other test clusters' routes out of the way.
    setup = await startClusterWithImages(['--registry-port', registry.split(':')[1]!, '--cluster-cidr', ownPodRange()]);
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const jsonpath = async (what: string, expr: string) => (await kubectl('get', ...what.split(' '), '-o', `jsonpath=${expr}`)).stdout;

  it('has the busybox image in its registry after the first start', async () => {
    const res = await fetch(`http://${registry}/v2/library/busybox/tags/list`);
    expect(await res.json()).toMatchObject({ name: 'library/busybox', tags: expect.arrayContaining(['latest', '1']) });
  });

  it('runs every example', async () => {
    const applied = await kubectl('apply', '-f', EXAMPLES);
    expect(applied).toMatchObject({ code: 0 });
    await waitFor(async () => (await jsonpath('deployment web', '{.status.readyReplicas}')) === '2', {
      what: 'the web Deployment ready',
      timeoutMs: 90_000,
    });
    await waitFor(async () => (await jsonpath('job primes', '{.status.succeeded}')) === '3', { what: 'the Job done', timeoutMs: 90_000 });
    expect((await kubectl('logs', 'job/primes')).stdout.trim()).toBe('2 3 5 7 11 13 17 19 23 29 31 37 41 43 47');
    await waitFor(async () => (await jsonpath('daemonset node-hello', '{.status.numberReady}')) === '1', {
      what: 'the DaemonSet ready',
      timeoutMs: 60_000,
    });
    const greeting = await waitFor(
      async () => {
        const out = (await kubectl('logs', 'deployment/greeter')).stdout;
        return out.includes('Hello, Stevedore!') ? out : undefined;
      },
      { what: "the greeter's greeting", timeoutMs: 60_000 },
    );
    expect(greeting).toContain('Configuration mounted from a ConfigMap.');
    // The Service answers from inside the cluster by name.
    const pod = (await kubectl('get', 'pods', '-l', 'app=greeter', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    // Each try on its own timeout: a request that hangs (the name or the Service not yet on the node) must not hold the exec.
    const page = await waitFor(
      async () => (await kubectl('exec', pod, '--', 'timeout', '5', 'wget', '-qO-', 'http://web/')).stdout || undefined,
      {
        what: 'the web Service by name',
        timeoutMs: 60_000,
      },
    );
    expect(page).toMatch(/^hello from web-/);
  });
});
