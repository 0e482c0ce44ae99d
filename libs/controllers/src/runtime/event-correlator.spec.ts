import { type Event, findResource } from '@stevedore/api';
import { type ApiObject, ObjectRegistry, objectKey, resourcePrefix } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { EventCorrelator } from './event-correlator';

const EVENTS = findResource('', 'events')!;

async function setup() {
  const registry = new ObjectRegistry(new MemoryStore());
  await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } });
  const list = async () => (await registry.store.list<ApiObject>(resourcePrefix(findResource('', 'events')!), {})).items;
  return { registry, correlator: new EventCorrelator(registry), list };
}

const event = (message: string, lastTimestamp: string): Event => ({
  metadata: { namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
  type: 'Warning',
  reason: 'BackOff',
  message,
  count: 1,
  firstTimestamp: lastTimestamp,
  lastTimestamp,
  source: { component: 'kubelet', host: 'n1' },
});

describe('EventCorrelator', () => {
  it('counts repeats of an event on one Event and keeps its first timestamp', async () => {
    const { correlator, list } = await setup();
    await correlator.record(event('Back-off restarting failed container', '2026-01-01T00:00:00Z'));
    await correlator.record(event('Back-off restarting failed container', '2026-01-01T00:00:10Z'));
    await correlator.record(event('Back-off restarting failed container', '2026-01-01T00:00:40Z'));
    const items = await list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      count: 3,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:40Z',
      reason: 'BackOff',
    });
  });

  it('keeps different messages apart, and starts a new Event when the counted one was deleted', async () => {
    const { registry, correlator, list } = await setup();
    await correlator.record(event('a', '2026-01-01T00:00:00Z'));
    await correlator.record(event('b', '2026-01-01T00:00:01Z'));
    expect((await list()).map((e) => e.message).sort()).toEqual(['a', 'b']);
    const a = (await list()).find((e) => e.message === 'a')!;
    await registry.store.delete(objectKey(EVENTS, 'default', a.metadata.name));
    await correlator.record(event('a', '2026-01-01T00:00:02Z'));
    const again = (await list()).filter((e) => e.message === 'a');
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ count: 1, lastTimestamp: '2026-01-01T00:00:02Z' });
    expect(EVENTS.namespaced).toBe(true);
  });
});
