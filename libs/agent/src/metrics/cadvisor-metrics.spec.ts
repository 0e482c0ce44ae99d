import { exposition } from '@stevedore/metrics';
import { Cgroups, type ContainerInfo } from '@stevedore/runtime';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CadvisorMetrics } from './cadvisor-metrics';
import { parseNetDev } from './pod-network';
import type { Sample } from './stats-sampler';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
}

function promtool(text: string): string {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return run.status === 0 ? 'ok' : `${run.stdout}${run.stderr}`;
}

const info = (id: string, pod: string): ContainerInfo => ({
  id,
  name: `${pod}_main`,
  image: { ref: '127.0.0.1:5000/library/busybox:1', id: 'sha256:1' },
  command: ['sh'],
  state: 'running',
  labels: {
    'io.stevedore.pod.uid': `uid-${pod}`,
    'io.stevedore.pod.name': pod,
    'io.stevedore.pod.namespace': 'default',
    'io.stevedore.container.name': 'main',
  },
  createdAt: new Date(1_700_000_000_000),
  startedAt: new Date(1_700_000_001_000),
  restartCount: 0,
  upperDir: '',
  logPath: '',
  resources: { memoryBytes: 67108864, cpuQuota: 50000, cpuPeriod: 100000 },
});

const host = { cpuUsageNanos: 5e12, memoryUsageBytes: 2e9, memoryWorkingSetBytes: 1e9, memoryCapacityBytes: 8e9, cpuCores: 2 };

/** cAdvisor-named series from the same container stats read through each cgroup layout. */
describe('cAdvisor metrics from cgroup v1 and v2', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cadvisor-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  async function render(layout: 'v1' | 'v2', group: string, pod: string): Promise<string> {
    const stats = await new Cgroups(layout, root).stats(group);
    const sample: Sample = { at: 1_700_000_100_000, host, containers: new Map([['c1', { info: info('c1', pod), stats }]]) };
    const metrics = new CadvisorMetrics('stevedore');
    metrics.update(sample);
    return exposition(metrics.registry);
  }

  const series = (pod: string) =>
    `{id="/stevedore/c1",name="${pod}_main",namespace="default",pod="${pod}",container="main",image="127.0.0.1:5000/library/busybox:1"}`;

  it('v1: cpuacct, memory and pids hierarchies', async () => {
    await write(root, {
      'memory/stevedore/c1/memory.usage_in_bytes': '10485760\n',
      'memory/stevedore/c1/memory.stat': 'total_inactive_file 2097152\n',
      'memory/stevedore/c1/memory.limit_in_bytes': '67108864\n',
      'memory/stevedore/c1/memory.oom_control': 'oom_kill_disable 0\noom_kill 1\n',
      'cpuacct/stevedore/c1/cpuacct.usage': '1500000000\n',
      'pids/stevedore/c1/pids.current': '4\n',
    });
    const text = await render('v1', 'stevedore/c1', 'web');
    const s = series('web');
    expect(text).toContain(`container_cpu_usage_seconds_total${s} 1.5\n`);
    expect(text).toContain(`container_memory_usage_bytes${s} 10485760\n`);
    expect(text).toContain(`container_memory_working_set_bytes${s} 8388608\n`);
    expect(text).toContain(`container_spec_memory_limit_bytes${s} 67108864\n`);
    expect(text).toContain(`container_oom_events_total${s} 1\n`);
    expect(text).toContain(`container_processes${s} 4\n`);
    expect(text).toContain(`container_spec_cpu_quota${s} 50000\n`);
    expect(text).toContain(`container_start_time_seconds${s} 1700000001\n`);
    expect(text).toContain('container_cpu_usage_seconds_total{id="/",name="",namespace="",pod="",container="",image=""} 5000\n');
    expect(text).toContain('machine_cpu_cores 2\n');
    expect(promtool(text)).toBe('ok');
  });

  it('v2: one unified hierarchy', async () => {
    await write(root, {
      'cgroup.controllers': 'cpu memory pids\n',
      'stevedore/c1/memory.current': '4096000\n',
      'stevedore/c1/memory.stat': 'inactive_file 96000\n',
      'stevedore/c1/memory.max': 'max\n',
      'stevedore/c1/memory.events': 'oom 0\noom_kill 0\n',
      'stevedore/c1/cpu.stat': 'usage_usec 2500000\n',
      'stevedore/c1/pids.current': '2\n',
    });
    const text = await render('v2', 'stevedore/c1', 'api');
    const s = series('api');
    expect(text).toContain(`container_cpu_usage_seconds_total${s} 2.5\n`);
    expect(text).toContain(`container_memory_working_set_bytes${s} 4000000\n`);
    expect(text).toContain(`container_spec_memory_limit_bytes${s} 0\n`);
    expect(text).toContain(`container_oom_events_total${s} 0\n`);
    expect(text).toContain(`container_processes${s} 2\n`);
    expect(promtool(text)).toBe('ok');
  });

  it("reports a pod's network per interface (not loopback) as the pod's own series", async () => {
    const interfaces = parseNetDev(
      [
        'Inter-|   Receive                                                |  Transmit',
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
        '    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0',
        '  eth0:    5000      40    1    2    0     0          0         0     3000      30    0    3    0     0       0          0',
      ].join('\n'),
    );
    expect(interfaces).toEqual([
      { name: 'eth0', rxBytes: 5000, rxPackets: 40, rxErrors: 1, rxDropped: 2, txBytes: 3000, txPackets: 30, txErrors: 0, txDropped: 3 },
    ]);
    const metrics = new CadvisorMetrics();
    const stats = { cpuUsageNanos: 1, memoryUsageBytes: 1, memoryWorkingSetBytes: 1, pids: 1, oomEvents: 0 };
    const c = info('c1', 'web');
    metrics.update({
      at: 1,
      host,
      containers: new Map([['c1', { info: c, stats }]]),
      networks: new Map([['uid-web', { info: c, interfaces }]]),
    });
    const text = await exposition(metrics.registry);
    const pod = '{id="/c1",name="",namespace="default",pod="web",container="",image="",interface="eth0"}';
    expect(text).toContain(`container_network_receive_bytes_total${pod} 5000\n`);
    expect(text).toContain(`container_network_transmit_packets_dropped_total${pod} 3\n`);
    expect(text).not.toContain('interface="lo"');
    expect(promtool(text)).toBe('ok');
  });

  it('forgets containers that are gone at the next update', async () => {
    const metrics = new CadvisorMetrics();
    const stats = { cpuUsageNanos: 1, memoryUsageBytes: 1, memoryWorkingSetBytes: 1, pids: 1, oomEvents: 0 };
    metrics.update({ at: 1, host, containers: new Map([['c1', { info: info('c1', 'gone'), stats }]]) });
    expect(await exposition(metrics.registry)).toContain('pod="gone"');
    metrics.update({ at: 2, host, containers: new Map() });
    expect(await exposition(metrics.registry)).not.toContain('pod="gone"');
  });
});
