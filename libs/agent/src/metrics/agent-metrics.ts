// The agent's own metrics, under the kubelet's names where one exists (kubelet_pod_start_…,
// kubelet_runtime_operations_…, kubelet_running_…), and stevedore_* for what only we have:
// image pulls and the image store's unique and virtual bytes, writable layers.

import { type Logger, logger } from '@stevedore/log';
import { Counter, FAST_SECONDS, Gauge, Histogram, newRegistry, type Registry, SLOW_SECONDS } from '@stevedore/metrics';
import type { ImageService } from '@stevedore/oci';
import { type ContainerRuntime, ignoreNoSuchContainer } from '@stevedore/runtime';
import { LABELS } from '../pods/pod-host';

export class AgentMetrics {
  readonly registry: Registry;
  readonly podStartSeconds: Histogram<string>;
  readonly imagePullSeconds: Histogram<'result'>;
  readonly imagePullBytes: Counter<string>;
  readonly runtimeSeconds: Histogram<'operation_type'>;
  readonly runtimeErrors: Counter<'operation_type'>;
  private readonly writable = new Map<string, { at: number; bytes: number }>();

  constructor(runtime: ContainerRuntime, images: ImageService, opts: { processMetrics?: boolean; log?: Logger } = {}) {
    const log = opts.log ?? logger('agent');
    const registry = newRegistry({ processMetrics: opts.processMetrics ?? true });
    this.registry = registry;
    this.podStartSeconds = new Histogram({
      name: 'kubelet_pod_start_duration_seconds',
      help: 'Time from the agent first seeing a pod to all its containers running.',
      buckets: SLOW_SECONDS,
      registers: [registry],
    });
    this.imagePullSeconds = new Histogram({
      name: 'stevedore_image_pull_duration_seconds',
      help: 'Duration of image pulls by result (success, error).',
      labelNames: ['result'],
      buckets: SLOW_SECONDS,
      registers: [registry],
    });
    this.imagePullBytes = new Counter({
      name: 'stevedore_image_pull_bytes_total',
      help: 'Compressed layer bytes downloaded by image pulls.',
      registers: [registry],
    });
    this.runtimeSeconds = new Histogram({
      name: 'kubelet_runtime_operations_duration_seconds',
      help: 'Duration of container runtime operations by type.',
      labelNames: ['operation_type'],
      buckets: FAST_SECONDS,
      registers: [registry],
    });
    this.runtimeErrors = new Counter({
      name: 'kubelet_runtime_operations_errors_total',
      help: 'Container runtime operations that failed, by type.',
      labelNames: ['operation_type'],
      registers: [registry],
    });
    const writable = this.writable;
    new Gauge({
      name: 'kubelet_running_pods',
      help: 'Pods with at least one running container.',
      registers: [registry],
      async collect() {
        const running = (await runtime.list()).filter((c) => c.state === 'running');
        this.set(new Set(running.map((c) => c.labels[LABELS.podUid]).filter(Boolean)).size);
      },
    });
    new Gauge({
      name: 'kubelet_running_containers',
      help: 'Containers by state (created, running, exited).',
      labelNames: ['container_state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const state of ['created', 'running', 'exited']) this.set({ container_state: state }, 0);
        for (const c of await runtime.list()) this.inc({ container_state: c.state });
      },
    });
    new Gauge({
      name: 'stevedore_image_store_bytes',
      help: 'Bytes of the image store: "virtual" counts every image\'s layers, "unique" only layers used by one image.',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const all = images.list();
        this.set(
          { kind: 'virtual' },
          all.reduce((sum, i) => sum + i.virtualSize, 0),
        );
        this.set(
          { kind: 'unique' },
          all.reduce((sum, i) => sum + i.uniqueSize, 0),
        );
      },
    });
    new Gauge({
      name: 'stevedore_images',
      help: "Images in the node's store.",
      registers: [registry],
      collect() {
        this.set(images.list().length);
      },
    });
    new Gauge({
      name: 'stevedore_container_writable_layer_bytes',
      help: "Bytes in each container's writable layer (measured at most every 30 s).",
      labelNames: ['namespace', 'pod', 'container', 'name'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await runtime.list()) {
          const bytes = await writableBytes(writable, c.id, () => runtime.writableLayerSize(c.id), log);
          if (bytes === undefined) continue;
          this.set(
            {
              namespace: c.labels[LABELS.podNamespace] ?? '',
              pod: c.labels[LABELS.podName] ?? '',
              container: c.labels[LABELS.container] ?? '',
              name: c.name,
            },
            bytes,
          );
        }
      },
    });
  }
}

// Sizing a writable layer walks its files: once per 30 s per container is plenty.
// A container removed since the list has no layer; one that cannot be measured is left out of this scrape.
async function writableBytes(
  cache: Map<string, { at: number; bytes: number }>,
  id: string,
  measure: () => Promise<number>,
  log: Logger,
): Promise<number | undefined> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < 30_000) return hit.bytes;
  const bytes = await ignoreNoSuchContainer(measure()).catch(
    (err) => void log.warn("cannot measure the container's writable layer", { container: id.slice(0, 12), err }),
  );
  if (bytes === undefined) cache.delete(id);
  else cache.set(id, { at: Date.now(), bytes });
  return bytes;
}
