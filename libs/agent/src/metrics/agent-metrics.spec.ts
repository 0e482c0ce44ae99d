import { exposition } from '@stevedore/metrics';
import type { ImageService, PullProgress } from '@stevedore/oci';
import { FakeRuntime } from '@stevedore/runtime';
import { spawnSync } from 'child_process';
import { Subject } from 'rxjs';
import type { DesiredPods } from '../cluster/gateway-client';
import { AgentMetrics } from './agent-metrics';
import { instrumentImages, instrumentRuntime } from './instrument';
import { PodStartTracker } from './pod-start-tracker';

function promtool(text: string): string {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return run.status === 0 ? 'ok' : `${run.stdout}${run.stderr}`;
}

/** Just what the metrics read: the summaries, and a pull that reports progress. */
function fakeImages(): ImageService {
  return {
    list: () => [
      { id: 'sha256:a', tags: ['a:1'], repoDigests: [], layers: 2, virtualSize: 300, uniqueSize: 100 },
      { id: 'sha256:b', tags: ['b:1'], repoDigests: [], layers: 2, virtualSize: 250, uniqueSize: 50 },
    ],
    async pull(reference: string, onProgress?: (p: PullProgress) => void) {
      if (reference.startsWith('missing')) throw new Error('not found');
      onProgress?.({ id: 'l1', status: 'Already exists' });
      onProgress?.({ id: 'l2', status: 'Downloading', current: 10, total: 700 });
      onProgress?.({ id: 'l2', status: 'Downloading', current: 700, total: 700 });
      return { id: 'sha256:a' };
    },
  } as unknown as ImageService;
}

const spec = (name: string, uid: string) => ({
  name,
  image: { ref: 'a:1', id: 'sha256:a' },
  rootfs: { lowerDirs: [] },
  process: { args: ['sh'], env: [], cwd: '/' },
  labels: {
    'io.stevedore.pod.uid': uid,
    'io.stevedore.pod.name': 'web',
    'io.stevedore.pod.namespace': 'default',
    'io.stevedore.container.name': name,
  },
});

describe('agent metrics', () => {
  it('times runtime operations and image pulls, counts pods, containers and image bytes; promtool accepts it', async () => {
    const raw = new FakeRuntime();
    const metrics = new AgentMetrics(raw, fakeImages());
    const runtime = instrumentRuntime(raw, metrics);
    const images = instrumentImages(fakeImages(), metrics);
    const desired = new Subject<DesiredPods>();
    new PodStartTracker(runtime, metrics, desired);
    desired.next({ kind: 'snapshot', pods: [{ metadata: { uid: 'u1' }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } }] });
    const a = await runtime.create(spec('a', 'u1'));
    const b = await runtime.create(spec('b', 'u1'));
    await runtime.start(a.id);
    await expect(runtime.start('nope')).rejects.toThrow();
    await runtime.start(b.id);
    await images.pull('a:1');
    await expect(images.pull('missing:1')).rejects.toThrow('not found');
    await new Promise((r) => setTimeout(r, 20));
    const text = await exposition(metrics.registry);
    expect(text).toMatch(/^kubelet_runtime_operations_duration_seconds_count\{operation_type="create_container"\} 2$/m);
    expect(text).toMatch(/^kubelet_runtime_operations_duration_seconds_count\{operation_type="start_container"\} 3$/m);
    expect(text).toMatch(/^kubelet_runtime_operations_errors_total\{operation_type="start_container"\} 1$/m);
    expect(text).toMatch(/^kubelet_running_pods 1$/m);
    expect(text).toMatch(/^kubelet_running_containers\{container_state="running"\} 2$/m);
    expect(text).toMatch(/^kubelet_pod_start_duration_seconds_count 1$/m);
    expect(text).toMatch(/^stevedore_image_pull_duration_seconds_count\{result="success"\} 1$/m);
    expect(text).toMatch(/^stevedore_image_pull_duration_seconds_count\{result="error"\} 1$/m);
    expect(text).toMatch(/^stevedore_image_pull_bytes_total 700$/m);
    expect(text).toMatch(/^stevedore_image_store_bytes\{kind="virtual"\} 550$/m);
    expect(text).toMatch(/^stevedore_image_store_bytes\{kind="unique"\} 150$/m);
    expect(text).toMatch(/^stevedore_container_writable_layer_bytes\{namespace="default",pod="web",container="a",name="a"\} \d+$/m);
    expect(promtool(text)).toBe('ok');
  });

  it('observes a pod start once, only when all its containers run', async () => {
    const runtime = new FakeRuntime();
    const metrics = new AgentMetrics(runtime, fakeImages(), { processMetrics: false });
    const desired = new Subject<DesiredPods>();
    new PodStartTracker(runtime, metrics, desired);
    desired.next({ kind: 'change', type: 'ADDED', pod: { metadata: { uid: 'u2' }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } } });
    const a = await runtime.create(spec('a', 'u2'));
    await runtime.start(a.id);
    await new Promise((r) => setTimeout(r, 10));
    expect(await exposition(metrics.registry)).toMatch(/^kubelet_pod_start_duration_seconds_count 0$/m);
    const b = await runtime.create(spec('b', 'u2'));
    await runtime.start(b.id);
    await runtime.restart(a.id);
    await new Promise((r) => setTimeout(r, 10));
    expect(await exposition(metrics.registry)).toMatch(/^kubelet_pod_start_duration_seconds_count 1$/m);
  });
});
