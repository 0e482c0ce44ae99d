import { OptionError } from '@stevedore/options';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveConfig } from './config';
import { checkElectionTimings, electionIdentity } from './leader-election';

describe('leader election settings', () => {
  const config = (lease: number, renew: number, retry: number) =>
    resolveConfig({
      dataDir: '/tmp/cp',
      leaderElectLeaseDurationSeconds: lease,
      leaderElectRenewDeadlineSeconds: renew,
      leaderElectRetryPeriodSeconds: retry,
    });

  it('refuses timings Kubernetes refuses, with its messages', () => {
    expect(() => checkElectionTimings(config(15, 10, 2))).not.toThrow();
    expect(() => checkElectionTimings(config(10, 10, 2))).toThrow(
      new OptionError('--leader-elect-lease-duration: leaseDuration must be greater than renewDeadline'),
    );
    expect(() => checkElectionTimings(config(15, 6, 5))).toThrow(
      new OptionError('--leader-elect-renew-deadline: renewDeadline must be greater than retryPeriod*JitterFactor (1.2)'),
    );
  });

  it('names the candidate hostname_uuid, the same after a restart on the same data directory', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'leader-id-'));
    try {
      const first = await electionIdentity(dir);
      expect(first).toMatch(new RegExp(`^${os.hostname()}_[0-9a-f-]{36}$`));
      expect(await electionIdentity(dir)).toBe(first);
      expect(await electionIdentity(path.join(dir, 'other'))).not.toBe(first);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
