import { EtcdStore } from '@stevedore/store';
import { describeStoreConformance } from '../../libs/store/src/conformance/store-conformance';
import { startEtcd } from '../harness';

describeStoreConformance('EtcdStore against a real etcd', async () => {
  const etcd = await startEtcd();
  const store = await EtcdStore.connect({ endpoints: [etcd.endpoint] });
  return {
    store,
    async cleanup() {
      await store.close();
      await etcd.stop();
    },
  };
});
