import { isNotFound, namespaces, secrets, serviceAccounts } from '@stevedore/api';
import { deleteObject, ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { Informer } from '../runtime/informer';
import { TokenSecretController } from './token-secret-controller';

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
};

describe('TokenSecretController', () => {
  it('fills a token Secret for its account, and deletes one whose account is missing or deleted', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
    await registry.create(serviceAccounts, 'default', { metadata: { name: 'robot' } });
    const tokenSecret = (name: string, account: string) =>
      registry.create(secrets, 'default', {
        metadata: { name, annotations: { 'kubernetes.io/service-account.name': account } },
        type: 'kubernetes.io/service-account-token',
      });
    await tokenSecret('robot-token', 'robot');
    await tokenSecret('ghost-token', 'ghost');
    const secretInformer = new Informer(store, secrets);
    const accounts = new Informer(store, serviceAccounts);
    await Promise.all([secretInformer.start(), accounts.start()]);
    const signed: string[] = [];
    const sign = async (input: { namespace: string; secret: { name: string }; serviceAccount: { name: string; uid: string } }) => {
      signed.push(`${input.namespace}/${input.secret.name} for ${input.serviceAccount.name}`);
      return `token-for-${input.secret.name}`;
    };
    const controller = new TokenSecretController(registry, secretInformer, accounts, sign, 'CA PEM');
    const gone = (name: string) => async () =>
      registry.get(secrets, 'default', name).then(
        () => false,
        (err) => isNotFound(err),
      );
    try {
      await until(async () => !!(await registry.get(secrets, 'default', 'robot-token')).data?.token);
      const filled = await registry.get(secrets, 'default', 'robot-token');
      const text = (key: string) => Buffer.from(filled.data![key]!, 'base64').toString();
      expect([text('token'), text('ca.crt'), text('namespace')]).toEqual(['token-for-robot-token', 'CA PEM', 'default']);
      const account = await registry.get(serviceAccounts, 'default', 'robot');
      expect(filled.metadata.annotations?.['kubernetes.io/service-account.uid']).toBe(account.metadata.uid);
      await until(gone('ghost-token'));
      expect(signed).toEqual(['default/robot-token for robot']);
      await deleteObject(registry, serviceAccounts, 'default', 'robot');
      await until(gone('robot-token'));
    } finally {
      controller.stop();
      secretInformer.stop();
      accounts.stop();
      await store.close();
    }
  });
});
