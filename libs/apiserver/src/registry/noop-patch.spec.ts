import { findResource } from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { ObjectRegistry } from './object-registry';

const configmaps = findResource('', 'configmaps')!;
const namespaces = findResource('', 'namespaces')!;

describe('patches that change nothing', () => {
  it('write nothing and keep the resourceVersion, whatever their type; a real change still writes', async () => {
    const r = new ObjectRegistry(new MemoryStore(), () => new Date('2026-12-06T17:00:00.123Z'));
    await r.create(namespaces, undefined, { metadata: { name: 'default' } });
    const created = await r.create(
      configmaps,
      'default',
      { metadata: { name: 'c' }, data: { a: '1', b: '2' } },
      { fieldManager: 'kubectl-client-side-apply' },
    );
    const version = created.object.metadata.resourceVersion;
    const same = await r.patch(configmaps, 'default', 'c', 'merge', { data: { a: '1' } }, { fieldManager: 'kubectl-client-side-apply' });
    expect(same.object.metadata.resourceVersion).toBe(version);
    const json = await r.patch(configmaps, 'default', 'c', 'json', [{ op: 'replace', path: '/data/b', value: '2' }], {
      fieldManager: 'kubectl-patch',
    });
    expect(json.object.metadata.resourceVersion).toBe(version);
    const changed = await r.patch(configmaps, 'default', 'c', 'merge', { data: { a: '3' } }, { fieldManager: 'kubectl-patch' });
    expect(changed.object.metadata.resourceVersion).not.toBe(version);
    expect(changed.object).toMatchObject({ data: { a: '3', b: '2' } });
  });
});
