import { priorityClasses } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { ensureSystemPriorityClasses } from './system-priority-classes';

describe('system priority classes', () => {
  it('exist after start, survive a second start and cannot be deleted', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await ensureSystemPriorityClasses(registry);
    await ensureSystemPriorityClasses(registry);
    expect((await registry.get(priorityClasses, undefined, 'system-cluster-critical')).value).toBe(2_000_000_000);
    expect((await registry.get(priorityClasses, undefined, 'system-node-critical')).value).toBe(2_000_001_000);
    await expect(deleteObject(registry, priorityClasses, undefined, 'system-node-critical', {})).rejects.toMatchObject({
      status: {
        code: 403,
        message:
          'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
      },
    });
  });
});
