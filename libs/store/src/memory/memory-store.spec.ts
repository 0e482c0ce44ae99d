import { describeStoreConformance } from '../conformance/store-conformance';
import { MemoryStore } from './memory-store';

describeStoreConformance('MemoryStore', async () => {
  const store = new MemoryStore();
  return { store, cleanup: () => store.close() };
});
