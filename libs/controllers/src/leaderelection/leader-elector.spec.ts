import { findResource, type Lease, leases } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { silentLogger } from '@stevedore/log';
import { MemoryStore } from '@stevedore/store';
import { LeaderElector, type LeadershipTerm } from './leader-elector';

/** Two candidates on one store, sharing a clock the test moves. */
async function twoCandidates() {
  const registry = new ObjectRegistry(new MemoryStore());
  await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'kube-system' } });
  const clock = { now: Date.parse('2026-12-06T12:00:00Z') };
  const log: string[] = [];
  const terms: Record<string, LeadershipTerm[]> = { a: [], b: [] };
  const candidate = (id: string) =>
    new LeaderElector({
      registry,
      namespace: 'kube-system',
      name: 'kube-scheduler',
      identity: id,
      leaseDurationSeconds: 15,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2000,
      log: silentLogger,
      now: () => clock.now,
      lead: (term) => {
        terms[id]!.push(term);
        log.push(`${id} leads`);
        return { stop: () => log.push(`${id} stops`) };
      },
    });
  const lease = () => registry.get(leases, 'kube-system', 'kube-scheduler') as Promise<Lease>;
  return { registry, clock, log, terms, a: candidate('a'), b: candidate('b'), lease };
}

describe('LeaderElector', () => {
  it('lets one candidate lead, the other take over only after the lease expired, and counts the transition', async () => {
    const { clock, log, terms, a, b, lease } = await twoCandidates();
    await a.tick();
    await b.tick();
    expect(log).toEqual(['a leads']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });
    // a renews; b's view of the lease is refreshed each time it changes.
    clock.now += 2000;
    await a.tick();
    await b.tick();
    expect((await lease()).spec?.renewTime).toBe('2026-12-06T12:00:02.000000Z');
    // a goes silent (crashed): b waits a whole lease duration from when it saw the last renewal.
    clock.now += 14_999;
    await b.tick();
    expect(log).toEqual(['a leads']);
    clock.now += 1;
    await b.tick();
    expect(log).toEqual(['a leads', 'b leads']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: '2026-12-06T12:00:17.000000Z' });
    // a comes back: its term had passed the renew deadline, so it stops and does not lead again.
    expect(terms.a![0]!.isCurrent()).toBe(false);
    await a.tick();
    expect(log).toEqual(['a leads', 'b leads', 'a stops']);
    expect(terms.b![0]!.isCurrent()).toBe(true);
    await b.stop();
    await a.stop();
  });

  it('ends its term when the renew deadline passes without a renewal, and hands the lease over on stop', async () => {
    const { clock, log, terms, a, b, lease } = await twoCandidates();
    await a.tick();
    const term = terms.a![0]!;
    clock.now += 9_999;
    expect(term.isCurrent()).toBe(true);
    clock.now += 1;
    expect(term.isCurrent()).toBe(false);
    await a.tick();
    expect(log).toEqual(['a leads', 'a stops']);
    // Its own lease, not taken by anyone: the next round leads again, in a new term.
    await a.tick();
    expect(terms.a).toHaveLength(2);
    expect(term.isCurrent()).toBe(false);
    await a.stop();
    expect((await lease()).spec?.holderIdentity).toBe('');
    await b.tick();
    expect(log).toEqual(['a leads', 'a stops', 'a leads', 'a stops', 'b leads']);
    await b.stop();
  });

  it('stops the singletons at the renew deadline by its watchdog, without waiting for another round', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const registry = new ObjectRegistry(new MemoryStore());
      await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'kube-system' } });
      const log: string[] = [];
      const elector = new LeaderElector({
        registry,
        namespace: 'kube-system',
        name: 'kube-controller-manager',
        identity: 'a',
        leaseDurationSeconds: 15,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2000,
        log: silentLogger,
        lead: () => {
          log.push('leads');
          return { stop: () => log.push('stops') };
        },
      });
      await elector.tick();
      expect(elector.isLeader).toBe(true);
      jest.advanceTimersByTime(9_999);
      expect(log).toEqual(['leads']);
      jest.advanceTimersByTime(1);
      expect(log).toEqual(['leads', 'stops']);
      expect(elector.isLeader).toBe(false);
      await elector.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
