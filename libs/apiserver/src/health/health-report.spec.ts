import { type HealthCheck, healthReport, singleHealthCheck, withTimeout } from './health-report';

const ok = (name: string): HealthCheck => ({ name, check: async () => undefined });
const failing = (name: string, reason: string): HealthCheck => ({ name, check: () => Promise.reject(new Error(reason)) });

describe('healthReport', () => {
  it('says ok when every check passes, and one line per check under ?verbose', async () => {
    expect(await healthReport('livez', [ok('ping'), ok('etcd')], { verbose: false, exclude: [] })).toEqual({
      status: 200,
      body: 'ok',
      failures: [],
    });
    const verbose = await healthReport('livez', [ok('ping'), ok('etcd')], { verbose: true, exclude: [] });
    expect(verbose.body).toBe('[+]ping ok\n[+]etcd ok\nlivez check passed\n');
  });

  it('fails with the reason withheld from the response but given for the log', async () => {
    const answer = await healthReport('readyz', [ok('ping'), failing('etcd', 'connection refused')], { verbose: false, exclude: [] });
    expect(answer.status).toBe(500);
    expect(answer.body).toBe('[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n');
    expect(answer.failures).toEqual([{ name: 'etcd', reason: 'connection refused' }]);
  });

  it('leaves excluded checks out, and warns of names that are not checks', async () => {
    const answer = await healthReport('readyz', [ok('ping'), failing('etcd', 'down')], { verbose: true, exclude: ['etcd', 'nope'] });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(
      '[+]ping ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for "nope"\nreadyz check passed\n',
    );
  });

  it('answers one check by name, 404 for an unknown one', async () => {
    expect((await singleHealthCheck([ok('ping')], 'ping')).status).toBe(200);
    expect((await singleHealthCheck([failing('etcd', 'x')], 'etcd')).status).toBe(500);
    expect((await singleHealthCheck([ok('ping')], 'bogus')).status).toBe(404);
  });

  it('fails a check that hangs, after its timeout', async () => {
    const hung = withTimeout('etcd', 50, () => new Promise(() => undefined));
    const started = Date.now();
    const answer = await healthReport('livez', [hung], { verbose: false, exclude: [] });
    expect(answer.failures).toEqual([{ name: 'etcd', reason: 'no answer within 50 ms' }]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
