// `stevedore up` and its embedded etcd when etcd fails: /livez and /readyz say so by name while
// it hangs, `up` starts it again after it is killed and the API recovers by itself, and Ctrl-C
// ends `up` within a few seconds even while etcd hangs.

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import { type ClusterProcess, startCluster } from './support/cluster-process';

jest.setTimeout(180_000);

function health(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${urlPath} within 10 s`)));
  });
}

describe('up supervises its etcd', () => {
  let cluster: ClusterProcess | undefined;
  const etcdPid = async () => Number(await fs.readFile(path.join(cluster!.dataDir, 'etcd.pid'), 'utf8'));

  beforeAll(async () => {
    cluster = await startCluster({ insecureRegistry: '127.0.0.1:1' });
  });

  afterAll(async () => {
    if (!cluster) return;
    // A test that failed midway may leave etcd stopped.
    await etcdPid()
      .then((pid) => process.kill(pid, 'SIGCONT'))
      .catch(() => undefined);
    await cluster.stop();
    const { leftoverCgroups } = await cluster.destroy();
    expect(leftoverCgroups).toEqual([]);
  });

  it('names every check under ?verbose while all is well', async () => {
    const live = await health(cluster!.apiPort, '/livez?verbose');
    expect(live).toEqual({ status: 200, body: '[+]ping ok\n[+]etcd ok\nlivez check passed\n' });
    expect(await health(cluster!.apiPort, '/readyz')).toEqual({ status: 200, body: 'ok' });
    // One check by name needs credentials, as on Kubernetes (public-info-viewer names only the roots).
    expect((await cluster!.kubectl('get', '--raw', '/readyz/etcd')).stdout).toBe('ok');
  });

  it('fails the etcd check while etcd hangs, and passes again when it resumes', async () => {
    const pid = await etcdPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const ready = await health(cluster!.apiPort, '/readyz');
      expect(ready).toEqual({ status: 500, body: '[+]ping ok\n[-]etcd failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n' });
      expect((await health(cluster!.apiPort, '/readyz?exclude=etcd')).status).toBe(200);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor(async () => (await health(cluster!.apiPort, '/livez')).status === 200, { what: 'livez ok again', timeoutMs: 30_000 });
  });

  it('starts etcd again after it is killed, and the API serves by itself', async () => {
    const before = await etcdPid();
    process.kill(before, 'SIGKILL');
    await waitFor(async () => (await etcdPid().catch(() => before)) !== before || undefined, { what: 'a new etcd', timeoutMs: 30_000 });
    const created = await waitFor(
      async () => {
        const out = await cluster!.kubectl('create', 'namespace', 'after-restart');
        return out.code === 0 || undefined;
      },
      { what: 'a write through the API', timeoutMs: 60_000 },
    );
    expect(created).toBe(true);
    expect((await cluster!.kubectl('get', 'namespace', 'after-restart', '-o', 'name')).stdout.trim()).toBe('namespace/after-restart');
    expect(cluster!.output()).toMatch(/etcd exited \(SIGKILL\)/);
    expect(cluster!.output()).toMatch(/etcd is serving again/);
  });

  it('stops within a few seconds on Ctrl-C while etcd hangs', async () => {
    const pid = await etcdPid();
    process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    await cluster!.stop('SIGINT');
    const took = Date.now() - started;
    // up kills a hung etcd after a short grace: it must be gone, not left stopped.
    const left = await fs.stat(`/proc/${pid}`).then(
      () => true,
      () => false,
    );
    if (left) process.kill(pid, 'SIGCONT');
    expect({ took: took < 8000, left }).toEqual({ took: true, left: false });
  });
});
