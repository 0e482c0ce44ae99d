import type { LogFields, Logger } from '@stevedore/log';
import { FakeRuntime, RuntimeError } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseMeminfo, parseProcStat } from './host-usage';
import { readPodNetwork } from './pod-network';
import { rate, StatsSampler } from './stats-sampler';
import { statsSummary } from './stats-summary';

const host = (cpuSeconds: number) => async () => ({
  cpuUsageNanos: cpuSeconds * 1e9,
  memoryUsageBytes: 3e9,
  memoryWorkingSetBytes: 2e9,
  memoryCapacityBytes: 8e9,
  cpuCores: 4,
});

describe('stats sampling', () => {
  it('reads /proc/stat and /proc/meminfo', () => {
    expect(parseProcStat('cpu  100 20 30 4000 50 6 4 0 0 0\ncpu0 1 2 3 4\n')).toBe(1.6e9);
    expect(parseMeminfo('MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    600 kB\n')).toEqual({
      total: 1024000,
      available: 614400,
      free: 102400,
    });
  });

  it('turns two counter readings into nanocores, and none when the counter went back', () => {
    expect(rate({ at: 1000, nanos: 0 }, { at: 3000, nanos: 1e9 })).toBe(5e8);
    expect(rate(undefined, { at: 3000, nanos: 1e9 })).toBeUndefined();
    expect(rate({ at: 1000, nanos: 5e9 }, { at: 3000, nanos: 1e9 })).toBeUndefined();
  });

  it('builds the summary of pods with a CPU rate once two samples exist', async () => {
    const runtime = new FakeRuntime();
    const c = await runtime.create({
      name: 'default_web_app_0',
      image: { ref: 'busybox:1', id: 'sha256:1' },
      rootfs: { lowerDirs: [] },
      process: { args: ['sh'], env: [], cwd: '/' },
      labels: {
        'io.stevedore.pod.uid': 'u1',
        'io.stevedore.pod.name': 'web',
        'io.stevedore.pod.namespace': 'default',
        'io.stevedore.container.name': 'app',
      },
    });
    await runtime.start(c.id);
    let cpu = 100;
    const sampler = new StatsSampler(runtime, 3_600_000, () => host(cpu)());
    try {
      runtime.setStats(c.id, { cpuUsageNanos: 1e9, memoryWorkingSetBytes: 4096 });
      await sampler.sample();
      expect(statsSummary('n1', sampler, new Date(0)).pods[0]!.containers[0]).not.toHaveProperty('cpu.usageNanoCores');
      await new Promise((r) => setTimeout(r, 20));
      cpu = 101;
      runtime.setStats(c.id, { cpuUsageNanos: 2e9, memoryWorkingSetBytes: 8192 });
      await sampler.sample();
      const summary = statsSummary('n1', sampler, new Date(0));
      expect(summary.node).toMatchObject({ nodeName: 'n1', memory: { workingSetBytes: 2e9 } });
      expect((summary.node as { cpu: { usageNanoCores: number } }).cpu.usageNanoCores).toBeGreaterThan(0);
      expect(summary.pods).toHaveLength(1);
      expect(summary.pods[0]!.podRef).toEqual({ name: 'web', namespace: 'default', uid: 'u1' });
      const container = summary.pods[0]!.containers[0] as {
        name: string;
        cpu: { usageNanoCores: number };
        memory: { workingSetBytes: number };
      };
      expect(container.name).toBe('app');
      expect(container.memory.workingSetBytes).toBe(8192);
      // 1 s of CPU over the (short) real window between the two samples: more than a core.
      expect(container.cpu.usageNanoCores).toBeGreaterThan(1e9);
    } finally {
      sampler.stop();
    }
  });

  it('leaves out a container removed since the list quietly, and one whose stats fail with a warning', async () => {
    const runtime = new FakeRuntime();
    const make = async (name: string) => {
      const c = await runtime.create({
        name,
        image: { ref: 'busybox:1', id: 'sha256:1' },
        rootfs: { lowerDirs: [] },
        process: { args: ['sh'], env: [], cwd: '/' },
      });
      await runtime.start(c.id);
      return c.id;
    };
    const [ok, removed, broken] = [await make('ok'), await make('removed'), await make('broken')];
    const stats = runtime.stats.bind(runtime);
    runtime.stats = async (id: string) => {
      if (id === removed) throw new RuntimeError('NotFound', `No such container: ${id}`);
      if (id === broken) throw new Error('EACCES: permission denied, open memory.current');
      return stats(id);
    };
    const warnings: [string, LogFields | undefined][] = [];
    const log = { warn: (msg: string, fields?: LogFields) => warnings.push([msg, fields]) } as unknown as Logger;
    const sample = await new StatsSampler(runtime, 3_600_000, () => host(1)(), log).readNow();
    expect([...sample.containers.keys()]).toEqual([ok]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatchObject({ container: broken.slice(0, 12), err: { message: expect.stringContaining('EACCES') } });
  });

  it('reads no pod network for a process that has exited, but fails on a /proc it cannot read', async () => {
    const proc = await fs.mkdtemp(path.join(os.tmpdir(), 'proc-'));
    try {
      await fs.mkdir(path.join(proc, 'self', 'ns'), { recursive: true });
      await fs.symlink('net:[1]', path.join(proc, 'self', 'ns', 'net'));
      expect(await readPodNetwork(42, proc)).toBeUndefined();
      await fs.mkdir(path.join(proc, '43', 'ns'), { recursive: true });
      await fs.writeFile(path.join(proc, '43', 'ns', 'net'), 'not a link');
      await expect(readPodNetwork(43, proc)).rejects.toMatchObject({ code: 'EINVAL' });
      await fs.mkdir(path.join(proc, '44', 'ns'), { recursive: true });
      await fs.symlink('net:[2]', path.join(proc, '44', 'ns', 'net'));
      await fs.mkdir(path.join(proc, '44', 'net'));
      await fs.writeFile(path.join(proc, '44', 'net', 'dev'), 'h1\nh2\n  eth0: 100 2 0 0 0 0 0 0 200 3 0 0 0 0 0 0\n');
      expect(await readPodNetwork(44, proc)).toEqual([expect.objectContaining({ name: 'eth0', rxBytes: 100, txBytes: 200 })]);
    } finally {
      await fs.rm(proc, { recursive: true, force: true });
    }
  });
});
