import { FakeRuntime } from '@stevedore/runtime';
import { parseMeminfo, parseProcStat } from './host-usage';
import { rate, StatsSampler } from './stats-sampler';
import { statsSummary } from './stats-summary';

const host = (cpuSeconds: number) => async () => ({ cpuUsageNanos: cpuSeconds * 1e9, memoryUsageBytes: 3e9, memoryWorkingSetBytes: 2e9, memoryCapacityBytes: 8e9, cpuCores: 4 });

describe('stats sampling', () => {
  it('reads /proc/stat and /proc/meminfo', () => {
    expect(parseProcStat('cpu  100 20 30 4000 50 6 4 0 0 0\ncpu0 1 2 3 4\n')).toBe(1.6e9);
    expect(parseMeminfo('MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    600 kB\n')).toEqual({ total: 1024000, available: 614400, free: 102400 });
  });

  it('turns two counter readings into nanocores, and none when the counter went back', () => {
    expect(rate({ at: 1000, nanos: 0 }, { at: 3000, nanos: 1e9 })).toBe(5e8);
    expect(rate(undefined, { at: 3000, nanos: 1e9 })).toBeUndefined();
    expect(rate({ at: 1000, nanos: 5e9 }, { at: 3000, nanos: 1e9 })).toBeUndefined();
  });

  it('builds the summary of pods with a CPU rate once two samples exist', async () => {
    const runtime = new FakeRuntime();
    const c = await runtime.create({
      name: 'default_web_app_0', image: { ref: 'busybox:1', id: 'sha256:1' }, rootfs: { lowerDirs: [] }, process: { args: ['sh'], env: [], cwd: '/' },
      labels: { 'io.stevedore.pod.uid': 'u1', 'io.stevedore.pod.name': 'web', 'io.stevedore.pod.namespace': 'default', 'io.stevedore.container.name': 'app' },
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
      const container = summary.pods[0]!.containers[0] as { name: string; cpu: { usageNanoCores: number }; memory: { workingSetBytes: number } };
      expect(container.name).toBe('app');
      expect(container.memory.workingSetBytes).toBe(8192);
      // 1 s of CPU over the (short) real window between the two samples: more than a core.
      expect(container.cpu.usageNanoCores).toBeGreaterThan(1e9);
    } finally {
      sampler.stop();
    }
  });
});
