import { randomBytes } from 'crypto';
import { firstValueFrom, take, toArray } from 'rxjs';
import { isSealed, SEALED } from '../codec';
import { describeStoreConformance } from '../conformance/store-conformance';
import { MemoryStore } from '../memory/memory-store';
import { revisionOf, type StoredObject } from '../store';
import { EncryptingStore } from './encrypting-store';
import { parseEncryptionConfig } from './encryption-config';
import { DecryptionError } from './provider-chain';

type Secret = StoredObject & { data?: Record<string, string> };
const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

/** A config encrypting `resources` with the given providers (YAML flow list entries). */
function config(providers: string[], resources = '[secrets]') {
  const text = `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: ${resources}\n    providers: [${providers.join(', ')}]\n`;
  return parseEncryptionConfig(text, 'test');
}
const aescbc = (name: string, secret: string) => `{aescbc: {keys: [{name: ${name}, secret: "${secret}"}]}}`;

/** What the wrapped store holds: the verbatim value for sealed objects, else the JSON. */
async function raw(inner: MemoryStore, key: string): Promise<string> {
  const stored = await inner.get(key);
  return isSealed(stored) ? stored[SEALED] : JSON.stringify(stored);
}

const secret = (name: string, password = 'hunter2-plain'): Secret => ({ metadata: { name, namespace: 'ns' }, data: { password } });

describeStoreConformance('EncryptingStore over MemoryStore (aesgcm for every resource)', async () => {
  const store = new EncryptingStore(new MemoryStore(), config([`{aesgcm: {keys: [{name: k, secret: "${NEW}"}]}}`], '["*.*"]'));
  return { store, cleanup: () => store.close() };
});

describe('EncryptingStore', () => {
  it('stores configured resources sealed with the first key and hands them back in the clear', async () => {
    const inner = new MemoryStore();
    const store = new EncryptingStore(inner, config([aescbc('key1', OLD)]));
    const created = await store.create('/secrets/ns/s', secret('s'));
    expect(created).toMatchObject(secret('s'));
    expect(await raw(inner, '/secrets/ns/s')).toMatch(/^k8s:enc:aescbc:v1:key1:[A-Za-z0-9+/=]+$/);
    expect(await raw(inner, '/secrets/ns/s')).not.toContain('hunter2');
    expect(await store.get('/secrets/ns/s')).toEqual(created);
    expect((await store.list('/secrets/ns/')).items).toEqual([created]);
    expect((await store.list('/')).items).toEqual([created]);
    await store.create('/configmaps/ns/c', { metadata: { name: 'c' }, data: { a: 'visible' } });
    expect(await raw(inner, '/configmaps/ns/c')).toContain('visible');
  });

  it('rotates: the old key still opens, the new one seals every rewrite', async () => {
    const inner = new MemoryStore();
    const before = await new EncryptingStore(inner, config([aescbc('key1', OLD)])).create('/secrets/ns/s', secret('s'));
    const rotated = new EncryptingStore(inner, config([aescbc('key2', NEW), aescbc('key1', OLD)]));
    const read = (await rotated.get<Secret>('/secrets/ns/s'))!;
    expect(read).toEqual(before);
    expect(await raw(inner, '/secrets/ns/s')).toMatch(/^k8s:enc:aescbc:v1:key1:/);
    await rotated.update('/secrets/ns/s', read, revisionOf(read));
    expect(await raw(inner, '/secrets/ns/s')).toMatch(/^k8s:enc:aescbc:v1:key2:/);
    const newOnly = new EncryptingStore(inner, config([aescbc('key2', NEW)]));
    expect((await newOnly.get<Secret>('/secrets/ns/s'))?.data).toEqual({ password: 'hunter2-plain' });
  });

  it('fails clearly, never with garbage, when the key is wrong or missing', async () => {
    const inner = new MemoryStore();
    await new EncryptingStore(inner, config([aescbc('key1', OLD)])).create('/secrets/ns/s', secret('s'));
    const wrong = new EncryptingStore(inner, config([aescbc('key1', NEW)]));
    await expect(wrong.get('/secrets/ns/s')).rejects.toThrow(
      /^cannot decrypt \/secrets\/ns\/s: aescbc key "key1" does not open it \(.*\): is it the key that encrypted it\?$/,
    );
    await expect(wrong.list('/secrets/')).rejects.toBeInstanceOf(DecryptionError);
    await expect(wrong.list('/')).rejects.toThrow(/^cannot decrypt \/secrets\/ns\/s: aescbc key "key1" does not open it/);
    const other = new EncryptingStore(inner, config([aescbc('key9', OLD)]));
    await expect(other.get('/secrets/ns/s')).rejects.toThrow(
      'cannot decrypt /secrets/ns/s: no configured key matches its prefix k8s:enc:aescbc:v1:key1:',
    );
    await expect(new EncryptingStore(inner, config([aescbc('k', OLD)], '[configmaps]')).get('/secrets/ns/s')).rejects.toThrow(
      'cannot decrypt /secrets/ns/s: it is encrypted (k8s:enc:aescbc:v1:key1:) but no provider is configured for it',
    );
  });

  it('reads plaintext only where identity is listed, and writes it where identity comes first', async () => {
    const inner = new MemoryStore();
    await inner.create('/secrets/ns/old', secret('old'));
    await expect(new EncryptingStore(inner, config([aescbc('key1', OLD)])).get('/secrets/ns/old')).rejects.toThrow(
      'cannot decrypt /secrets/ns/old: it is stored unencrypted and the encryption config lists no identity provider for it',
    );
    const migrating = new EncryptingStore(inner, config([aescbc('key1', OLD), '{identity: {}}']));
    expect((await migrating.get<Secret>('/secrets/ns/old'))?.data).toEqual({ password: 'hunter2-plain' });
    const decrypting = new EncryptingStore(inner, config(['{identity: {}}', aescbc('key1', OLD)]));
    await migrating.create('/secrets/ns/new', secret('new'));
    const sealed = (await decrypting.get<Secret>('/secrets/ns/new'))!;
    await decrypting.update('/secrets/ns/new', sealed, revisionOf(sealed));
    expect(await raw(inner, '/secrets/ns/new')).toContain('hunter2-plain');
  });

  it('decrypts watch events and their previous objects', async () => {
    const store = new EncryptingStore(new MemoryStore(), config([aescbc('key1', OLD)]));
    const start = await store.currentRevision();
    const a = await store.create<Secret>('/secrets/ns/a', secret('a', 'one'));
    await store.update('/secrets/ns/a', { ...a, data: { password: 'two' } }, revisionOf(a));
    const events = await firstValueFrom(store.watch<Secret>('/secrets/', start).pipe(take(2), toArray()));
    expect(events.map((e) => [e.type, e.object.data?.password, e.previous?.data?.password])).toEqual([
      ['ADDED', 'one', undefined],
      ['MODIFIED', 'two', 'one'],
    ]);
    expect(events[1]!.previous).toEqual(a);
  });
});
