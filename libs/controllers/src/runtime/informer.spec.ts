import { namespaces, pods as PODS } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Subject } from 'rxjs';
import { Informer, scopedInformers } from './informer';

const owner = (uid: string, controller = true) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller });
const pod = (name: string, ownerReferences: object[]) => ({
  metadata: { name, ownerReferences },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('Informer', () => {
  it('indexes objects by their controlling owner, following changes of owner and deletions', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    await registry.create(PODS, 'default', pod('a1', [owner('a')]));
    const pods = new Informer(registry.store, PODS);
    await pods.start();
    try {
      await registry.create(PODS, 'default', pod('a2', [owner('a')]));
      await registry.create(PODS, 'default', pod('b1', [owner('b')]));
      await registry.create(PODS, 'default', pod('loose', [owner('a', false)]));
      const names = (uid: string) =>
        pods
          .controlledBy(uid)
          .map((p) => p.metadata.name)
          .sort();
      await until(() => pods.list().length === 4);
      expect([names('a'), names('b')]).toEqual([['a1', 'a2'], ['b1']]);

      await registry.patch(PODS, 'default', 'a2', 'merge', { metadata: { ownerReferences: [owner('b')] } });
      await deleteObject(registry, PODS, 'default', 'a1');
      await until(() => names('a').length === 0 && names('b').length === 2);
      expect([names('a'), names('b')]).toEqual([[], ['a2', 'b1']]);
    } finally {
      pods.stop();
    }
  });
});

describe('scopedInformers', () => {
  it("hands events to a term's subscribers until the term ends, then lets them go; reads stay the informer's", async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    const shared = { pods: new Informer(registry.store, PODS) };
    await shared.pods.start();
    try {
      const ended = new Subject<void>();
      const term = scopedInformers(shared, ended);
      const seen: string[] = [];
      let completed = false;
      term.pods.events.subscribe({ next: (e) => seen.push(e.object.metadata.name), complete: () => (completed = true) });
      await registry.create(PODS, 'default', pod('during', []));
      await until(() => seen.length === 1);
      ended.next();
      await registry.create(PODS, 'default', pod('after', []));
      await until(() => shared.pods.list().length === 2);
      expect({ seen, completed }).toEqual({ seen: ['during'], completed: true });
      expect(term.pods.get('default', 'after')?.metadata.name).toBe('after');
      expect(
        term.pods
          .list()
          .map((p) => p.metadata.name)
          .sort(),
      ).toEqual(['after', 'during']);
      // The shared informer's observers: the ended term's subscription is gone from them.
      expect((shared.pods as unknown as { changes: { observers: unknown[] } }).changes.observers).toHaveLength(0);
    } finally {
      shared.pods.stop();
    }
  });
});
