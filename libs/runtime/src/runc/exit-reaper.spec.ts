import { logger } from '@stevedore/log';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ContainerMeta, ContainerStore } from './container-store';
import { ExitReaper } from './exit-reaper';
import type { RuncCli } from './runc-cli';

describe('ExitReaper', () => {
  let root: string;
  let store: ContainerStore;
  let recorded: { id: string; exitCode: number }[];
  let runcStatus: string | undefined;

  const meta = (id: string): ContainerMeta =>
    ({
      id,
      spec: {},
      cgroupsPath: `/t/${id}`,
      createdAt: '',
      startedAt: new Date().toISOString(),
      restartCount: 0,
    }) as unknown as ContainerMeta;

  const reaper = (metas: ContainerMeta[]) =>
    new ExitReaper({
      store,
      runc: { state: async () => (runcStatus ? { status: runcStatus } : undefined) } as unknown as RuncCli,
      log: logger('exit-reaper-spec'),
      containers: () => metas,
      recordExit: async (m, exitCode) => {
        recorded.push({ id: m.id, exitCode });
        m.finishedAt = new Date().toISOString();
      },
    });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'exit-reaper-'));
    store = new ContainerStore(root);
    recorded = [];
    runcStatus = undefined;
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const writeExit = async (m: ContainerMeta, code: string) => {
    await fs.mkdir(store.paths(m.id).exitDir, { recursive: true });
    await fs.writeFile(store.paths(m.id).exitFile(m.id), code);
  };

  it('records the code conmon wrote, once, however many checks race for it', async () => {
    const m = meta('a'.repeat(64));
    await writeExit(m, '3');
    const r = reaper([m]);
    await Promise.all([r.check(m), r.check(m), r.check(m)]);
    expect(recorded).toEqual([{ id: m.id, exitCode: 3 }]);
  });

  it('leaves a container whose conmon still lives', async () => {
    const m = meta('b'.repeat(64));
    await fs.mkdir(store.paths(m.id).dir, { recursive: true });
    await fs.writeFile(store.paths(m.id).conmonPidFile, String(process.pid));
    expect(await reaper([m]).waitExit(m, 120)).toBe(false);
    expect(recorded).toEqual([]);
  });

  it('leaves a container runc still reports running when conmon is gone', async () => {
    const m = meta('c'.repeat(64));
    runcStatus = 'running';
    await reaper([m]).check(m);
    expect(recorded).toEqual([]);
  });

  it('records 255 when conmon and the container are gone without an exit file', async () => {
    const m = meta('d'.repeat(64));
    await reaper([m]).check(m);
    expect(recorded).toEqual([{ id: m.id, exitCode: 255 }]);
  });

  it('notices an exit through the watch on the exit directory, without the poll', async () => {
    const m = meta('e'.repeat(64));
    await fs.mkdir(store.paths(m.id).exitDir, { recursive: true });
    await fs.writeFile(store.paths(m.id).conmonPidFile, String(process.pid));
    const r = reaper([m]);
    r.watch(m);
    await fs.writeFile(store.paths(m.id).exitFile(m.id), '0');
    for (let i = 0; i < 100 && recorded.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    r.close();
    expect(recorded).toEqual([{ id: m.id, exitCode: 0 }]);
  });
});
