import { configMaps, findResource } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { fencedRegistry } from './fenced-registry';

async function setup() {
  const registry = new ObjectRegistry(new MemoryStore());
  await registry.create(findResource('', 'namespaces')!, undefined, { metadata: { name: 'default' } });
  let leading = true;
  const fenced = fencedRegistry(registry, () => leading, 'kube-system/kube-controller-manager');
  return { registry, fenced, lose: () => (leading = false) };
}

describe('fencedRegistry', () => {
  it('writes through while leading, and refuses every write kind once the term is over', async () => {
    const { registry, fenced, lose } = await setup();
    await fenced.create(configMaps, 'default', { metadata: { name: 'a' }, data: { v: '1' } });
    await fenced.patch(configMaps, 'default', 'a', 'merge', { data: { v: '2' } });
    expect((await registry.get(configMaps, 'default', 'a')).data).toEqual({ v: '2' });
    lose();
    const refused = /no longer holds the kube-system\/kube-controller-manager lease/;
    await expect(fenced.create(configMaps, 'default', { metadata: { name: 'b' } })).rejects.toThrow(refused);
    await expect(fenced.patch(configMaps, 'default', 'a', 'merge', { data: { v: '3' } })).rejects.toThrow(refused);
    await expect(deleteObject(fenced, configMaps, 'default', 'a')).rejects.toThrow(refused);
    // Nothing landed; reads still work; the unfenced registry is untouched.
    expect((await fenced.get(configMaps, 'default', 'a')).data).toEqual({ v: '2' });
    await expect(registry.get(configMaps, 'default', 'b')).rejects.toThrow(/not found/);
    await registry.create(configMaps, 'default', { metadata: { name: 'c' } });
  });

  it('keeps a component’s field manager whichever view wraps the other, and stays fenced', async () => {
    const { registry, fenced, lose } = await setup();
    const controllers = fenced.withFieldManager('kube-controller-manager');
    const scheduler = fencedRegistry(registry.withFieldManager('kube-scheduler'), () => true, 'kube-system/kube-scheduler');
    await controllers.create(configMaps, 'default', { metadata: { name: 'a' }, data: { v: '1' } });
    await scheduler.patch(configMaps, 'default', 'a', 'merge', { data: { w: '2' } });
    const managers = (await registry.get(configMaps, 'default', 'a')).metadata.managedFields?.map((e) => e.manager);
    expect(managers).toEqual(['kube-controller-manager', 'kube-scheduler']);
    lose();
    await expect(controllers.patch(configMaps, 'default', 'a', 'merge', { data: { v: '3' } })).rejects.toThrow(/no longer holds/);
  });
});
