import { findResource } from '@stevedore/api';
import { type ApiObject, ObjectRegistry, resourcePrefix } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { EventTtlController } from './event-ttl-controller';

describe('EventTtlController', () => {
  it('deletes events last seen before the TTL and keeps the rest', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } });
    const events = findResource('', 'events')!;
    const now = Date.parse('2026-06-01T12:00:00Z');
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    for (const [name, minutesAgo] of [
      ['old', 61],
      ['recent', 59],
      ['fresh', 0],
    ] as const) {
      await registry.create(events, 'default', {
        metadata: { name },
        involvedObject: { kind: 'Pod', name: 'p' },
        reason: 'R',
        firstTimestamp: at(120),
        lastTimestamp: at(minutesAgo),
      });
    }
    const controller = new EventTtlController(registry, { ttlSeconds: 3600, sweepIntervalMs: 3_600_000 });
    try {
      expect(await controller.sweep(now)).toBe(1);
      const left = (await registry.store.list<ApiObject>(resourcePrefix(findResource('', 'events')!), {})).items
        .map((e) => e.metadata.name)
        .sort();
      expect(left).toEqual(['fresh', 'recent']);
    } finally {
      controller.stop();
    }
  });

  it('sweeps every tenth of the TTL by default', () => {
    jest.useFakeTimers();
    const controller = new EventTtlController(new ObjectRegistry(new MemoryStore()), { ttlSeconds: 1200 });
    const sweep = jest.spyOn(controller, 'sweep').mockResolvedValue(0);
    try {
      jest.advanceTimersByTime(119_999);
      expect(sweep).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(sweep).toHaveBeenCalledTimes(1);
    } finally {
      controller.stop();
      jest.useRealTimers();
    }
  });
});
