import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RecordStore } from './record-store';

describe('RecordStore.load', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'records-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('starts with no tags when there is no tags file yet', async () => {
    const store = new RecordStore(root);
    await store.load();
    expect(store.tagged('docker.io/library/busybox:latest')).toBeUndefined();
  });

  it('fails on a tags file it cannot read instead of starting over without tags', async () => {
    await fs.mkdir(path.join(root, 'tags.json'));
    await expect(new RecordStore(root).load()).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
