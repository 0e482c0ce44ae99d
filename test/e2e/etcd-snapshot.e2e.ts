// Backup and restore of the cluster state: a snapshot saved from the running cluster's etcd,
// restored after later changes, brings back exactly the saved objects, and the node stops the
// pod the snapshot does not know.
import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { CLI, stevedore } from './support/agent-process';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

const run = promisify(execFile);
jest.setTimeout(240_000);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    }),
  );
}

describe('stevedore etcd snapshot save and restore', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`;
  const phase = async (name: string) => (await cluster.kubectl('get', 'pod', name, '-o', 'jsonpath={.status.phase}')).stdout;
  const running = (name: string) => waitFor(async () => (await phase(name)) === 'Running', { what: `${name} running`, timeoutMs: 60_000 });
  /** Names of the node's running containers (pod name is part of each). */
  const nodeContainers = async () =>
    (JSON.parse((await stevedore(path.join(cluster.dataDir, 'agent'), 'ps', '--output', 'json')).stdout || '[]') as { name: string }[]).map(
      (c) => c.name,
    );

  it('brings back the saved objects and stops the pod made after the snapshot', async () => {
    expect((await applyManifest(cluster, 'kept', pod('kept'))).code).toBe(0);
    await running('kept');
    const file = path.join(cluster.dataDir, 'backup.db');
    const saved = await cli('etcd', 'snapshot', 'save', file, '--data-dir', cluster.dataDir);
    expect(saved).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Snapshot saved to .*backup\.db \(\d+ bytes\)\n$/) });

    expect((await applyManifest(cluster, 'later', pod('later'))).code).toBe(0);
    expect((await cluster.kubectl('create', 'configmap', 'after', '--from-literal=a=b')).code).toBe(0);
    await running('later');
    const refused = await cli('etcd', 'snapshot', 'restore', file, '--data-dir', cluster.dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('stevedore is running');

    await cluster.stop();
    const restored = await cli('etcd', 'snapshot', 'restore', file, '--data-dir', cluster.dataDir);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('The previous state is kept in');
    await cluster.restart();

    await running('kept');
    expect((await cluster.kubectl('get', 'pod', 'later')).stderr).toContain('pods "later" not found');
    expect((await cluster.kubectl('get', 'configmap', 'after')).stderr).toContain('configmaps "after" not found');
    await waitFor(async () => !(await nodeContainers()).some((n) => n.includes('_later_')), {
      what: 'the node to stop the pod the snapshot does not have',
      timeoutMs: 60_000,
    });
    expect((await nodeContainers()).some((n) => n.includes('_kept_'))).toBe(true);
  });
});
