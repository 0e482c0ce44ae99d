// Fault 7 of the fault-injection suite: 2,000 clients at once against one control plane. Where the
// in-flight limits are reached the answer is 429 with Retry-After, never a dropped connection or
// a crash; the health probes keep answering throughout; and every write answered 201 is stored
// (objects lost: 0). The limits are set low (100 reads, 50 writes) so that 2,000 clients reach
// them on 2 cores; the figures are printed for docs/reliability.md.

import { promises as fs } from 'fs';
import * as https from 'https';
import { type ClusterProcess, startCluster } from './support/cluster-process';

jest.setTimeout(240_000);

const CLIENTS = 2000;

type Answer = { status: number; retryAfter?: string; error?: string };

describe('2,000 clients at once against one control plane', () => {
  let cluster: ClusterProcess | undefined;
  let token: string;
  const agent = new https.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY, rejectUnauthorized: false });

  const call = (method: string, urlPath: string, body?: object): Promise<Answer> =>
    new Promise((resolve) => {
      const payload = body ? JSON.stringify(body) : undefined;
      const req = https.request(
        {
          host: '127.0.0.1',
          port: cluster!.apiPort,
          method,
          path: urlPath,
          agent,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }));
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
      req.on('error', (err) => resolve({ status: 0, error: err.message }));
      req.end(payload);
    });

  beforeAll(async () => {
    cluster = await startCluster({
      insecureRegistry: '127.0.0.1:1',
      extraArgs: ['--max-requests-inflight', '100', '--max-mutating-requests-inflight', '50'],
    });
    token = /token: (\S+)/.exec(await fs.readFile(cluster.kubeconfig, 'utf8'))![1]!;
    expect((await cluster.kubectl('create', 'namespace', 'load')).code).toBe(0);
  });

  afterAll(async () => {
    agent.destroy();
    if (!cluster) return;
    await cluster.stop();
    const { leftoverCgroups } = await cluster.destroy();
    expect(leftoverCgroups).toEqual([]);
  });

  it('answers 429 with Retry-After past its limits, keeps probes answering, and loses no write', async () => {
    const probes: number[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const started = Date.now();
        const answer = await call('GET', '/livez');
        probes.push(answer.status === 200 ? Date.now() - started : -1);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        i % 2
          ? call('GET', '/api/v1/namespaces/load/configmaps')
          : call('POST', '/api/v1/namespaces/load/configmaps', { metadata: { name: `cm-${i}` }, data: { i: String(i) } }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    probing = false;
    await prober;

    const count = (pred: (a: Answer) => boolean) => answers.filter(pred).length;
    const figures = {
      clients: CLIENTS,
      seconds,
      ok: count((a) => a.status === 200 || a.status === 201),
      tooMany: count((a) => a.status === 429),
      tooManyWithRetryAfter: count((a) => a.status === 429 && a.retryAfter === '1'),
      other: answers.filter((a) => ![200, 201, 429].includes(a.status)).map((a) => a.error ?? a.status),
      probes: probes.length,
      probesFailed: probes.filter((p) => p < 0).length,
      probeMaxMs: Math.max(...probes),
    };
    console.log(`overload: ${JSON.stringify(figures)}`);
    expect(figures.other).toEqual([]);
    expect(figures.tooMany).toBeGreaterThan(0);
    expect(figures.tooManyWithRetryAfter).toBe(figures.tooMany);
    expect(figures.probesFailed).toBe(0);
    expect(cluster!.pid()).toBeDefined();

    // Objects lost: every create answered 201 is there, and nothing else.
    const stored = JSON.parse((await cluster!.kubectl('get', 'configmaps', '-n', 'load', '-o', 'json')).stdout).items as {
      metadata: { name: string };
    }[];
    const names = stored.map((c) => c.metadata.name).filter((n) => n.startsWith('cm-'));
    expect(names.sort()).toEqual(answers.flatMap((a, i) => (i % 2 === 0 && a.status === 201 ? [`cm-${i}`] : [])).sort());
  });
});
