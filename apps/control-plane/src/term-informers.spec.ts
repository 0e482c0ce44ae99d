import { namespaces, pods } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer } from '@stevedore/controllers';
import { MemoryStore } from '@stevedore/store';
import { forTerm } from './term-informers';

describe('forTerm', () => {
  it("ends the term's subscriptions once its singletons are stopped, after they stop", async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    const shared = { pods: new Informer(registry.store, pods) };
    await shared.pods.start();
    const order: string[] = [];
    const parts = forTerm(shared, (scoped) => {
      scoped.pods.events.subscribe({ next: () => order.push('event'), complete: () => order.push('unsubscribed') });
      return [{ stop: () => order.push('stopped') }];
    });
    try {
      await registry.create(pods, 'default', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      for (let i = 0; i < 200 && !order.length; i++) await new Promise((r) => setTimeout(r, 5));
      for (const part of parts) part.stop();
      expect(order).toEqual(['event', 'stopped', 'unsubscribed']);
    } finally {
      shared.pods.stop();
    }
  });
});
