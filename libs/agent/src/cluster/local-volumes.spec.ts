import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordReclaimPolicy } from '../pods/claim-volumes';
import { LocalVolumeSweeper } from './local-volumes';

const log = { debug: () => undefined, info: () => undefined, warn: () => undefined } as never;
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

describe('LocalVolumeSweeper', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-volumes-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function volumeDir(name: string, policy?: string): Promise<string> {
    const data = path.join(dir, name);
    await fs.mkdir(data);
    await fs.writeFile(path.join(data, 'file'), 'x');
    if (policy) await recordReclaimPolicy(data, policy);
    return data;
  }

  it('removes the data of a deleted volume whose policy was Delete, keeps the rest', async () => {
    const deleted = await volumeDir('pvc-a', 'Delete');
    const retained = await volumeDir('pvc-b', 'Retain');
    const live = await volumeDir('pvc-c', 'Delete');
    const unknown = await volumeDir('pvc-d');
    const sweeper = new LocalVolumeSweeper(
      dir,
      async (name) => (name === 'pvc-c' ? { spec: { persistentVolumeReclaimPolicy: 'Retain' } } : undefined),
      log,
    );
    await sweeper.sweep();
    expect(await exists(deleted)).toBe(false);
    expect(await exists(retained)).toBe(true);
    expect(await exists(live)).toBe(true);
    expect(await exists(unknown)).toBe(true);
    // The live volume's policy changed to Retain: a later deletion keeps its data.
    expect(await fs.readFile(path.join(dir, '.reclaim-policy', 'pvc-c'), 'utf8')).toBe('Retain');
  });

  it('decides nothing when the control plane cannot be asked', async () => {
    const data = await volumeDir('pvc-a', 'Delete');
    const sweeper = new LocalVolumeSweeper(
      dir,
      async () => {
        throw new Error('unavailable');
      },
      log,
    );
    await sweeper.sweep();
    expect(await exists(data)).toBe(true);
  });
});
