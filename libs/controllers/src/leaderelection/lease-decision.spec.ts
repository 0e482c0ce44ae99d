import { decideElection, type ElectionInput, microTime, withinRenewDeadline } from './lease-decision';

const T0 = Date.parse('2026-12-06T12:00:00Z');
const base: ElectionInput = { identity: 'cp-a_1', nowMs: T0, leaseDurationSeconds: 15, renewDeadlineMs: 10_000 };
const held = (holder: string, observedAtMs: number, extra = {}) => ({
  spec: { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: microTime(T0 - 60_000), leaseTransitions: 3, ...extra },
  observedAtMs,
});

describe('decideElection', () => {
  it('creates an absent lease, holding it from now with no transitions', () => {
    expect(decideElection(base)).toEqual({
      action: 'acquire',
      create: true,
      spec: {
        holderIdentity: 'cp-a_1',
        leaseDurationSeconds: 15,
        acquireTime: '2026-12-06T12:00:00.000000Z',
        renewTime: '2026-12-06T12:00:00.000000Z',
        leaseTransitions: 0,
      },
    });
  });

  it('waits while another holder renewed within the lease duration, judged by when it was observed', () => {
    // renewTime far in the past by the holder's clock, but we saw this version only 14 s ago.
    const lease = held('cp-b_2', T0 - 14_000, { renewTime: microTime(T0 - 3_600_000) });
    expect(decideElection({ ...base, lease })).toEqual({ action: 'wait', holder: 'cp-b_2', expiresAtMs: T0 + 1000 });
  });

  it('takes over an expired lease, keeping count of transitions and starting a new acquireTime', () => {
    const decision = decideElection({ ...base, lease: held('cp-b_2', T0 - 15_000) });
    expect(decision).toMatchObject({ action: 'acquire', create: false, spec: { holderIdentity: 'cp-a_1', leaseTransitions: 4 } });
    expect(decision.action === 'acquire' && decision.spec.acquireTime).toBe(microTime(T0));
  });

  it('takes over a released lease (empty holder) at once', () => {
    const decision = decideElection({ ...base, lease: held('', T0) });
    expect(decision).toMatchObject({ action: 'acquire', spec: { holderIdentity: 'cp-a_1', leaseTransitions: 4 } });
  });

  it('renews its own lease, keeping acquireTime and transitions', () => {
    const decision = decideElection({ ...base, lastRenewMs: T0 - 2000, lease: held('cp-a_1', T0 - 2000) });
    expect(decision).toEqual({
      action: 'renew',
      spec: { ...held('cp-a_1', 0).spec, renewTime: microTime(T0) },
    });
  });

  it('has lost when another holder took the lease while it thought it led', () => {
    expect(decideElection({ ...base, lastRenewMs: T0 - 2000, lease: held('cp-b_2', T0) })).toEqual({
      action: 'lost',
      reason: 'the lease is now held by cp-b_2',
    });
  });

  it('has lost once the renew deadline passed since its last renewal, whatever the lease says', () => {
    const decision = decideElection({ ...base, lastRenewMs: T0 - 10_000, lease: held('cp-a_1', T0 - 10_000) });
    expect(decision).toEqual({ action: 'lost', reason: 'no renewal within the renew deadline (10000 ms)' });
  });
});

describe('withinRenewDeadline', () => {
  it('is true only for a renewal started less than the deadline ago', () => {
    expect(withinRenewDeadline(T0 - 9_999, T0, 10_000)).toBe(true);
    expect(withinRenewDeadline(T0 - 10_000, T0, 10_000)).toBe(false);
    expect(withinRenewDeadline(undefined, T0, 10_000)).toBe(false);
  });
});
