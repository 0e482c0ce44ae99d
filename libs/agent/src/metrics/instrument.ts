// Wrappers that time what the pod workers ask of the runtime and the image store, so the
// workers themselves know nothing about metrics.
import type { ImageService, PullProgress } from '@stevedore/oci';
import type { ContainerRuntime } from '@stevedore/runtime';
import type { AgentMetrics } from './agent-metrics';

// The kubelet's operation names for the CRI calls these correspond to.
const OPERATIONS: Partial<Record<keyof ContainerRuntime, string>> = {
  create: 'create_container',
  start: 'start_container',
  stop: 'stop_container',
  kill: 'kill_container',
  restart: 'restart_container',
  remove: 'remove_container',
  list: 'list_containers',
  inspect: 'container_status',
  exec: 'exec',
  stats: 'container_stats',
};

export function instrumentRuntime(runtime: ContainerRuntime, metrics: AgentMetrics): ContainerRuntime {
  // Wrapped once per method: the pod workers call these in hot loops.
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(runtime, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!wrapped.has(property)) wrapped.set(property, wrap(target, property, value));
      return wrapped.get(property);
    },
  });

  function wrap(target: ContainerRuntime, property: PropertyKey, value: (...args: unknown[]) => unknown): unknown {
    const operation = OPERATIONS[property as keyof ContainerRuntime];
    if (!operation) return value.bind(target);
    return async (...args: unknown[]) => {
      const end = metrics.runtimeSeconds.startTimer({ operation_type: operation });
      try {
        return await value.apply(target, args);
      } catch (err) {
        metrics.runtimeErrors.inc({ operation_type: operation });
        throw err;
      } finally {
        end();
      }
    };
  }
}

/** Times pulls and counts the layer bytes they download (layers already present cost nothing). */
export function instrumentImages(images: ImageService, metrics: AgentMetrics): ImageService {
  return new Proxy(images, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'pull') return typeof value === 'function' ? value.bind(target) : value;
      return async (reference: string, onProgress?: (p: PullProgress) => void) => {
        const sizes = new Map<string, number>();
        const end = metrics.imagePullSeconds.startTimer();
        try {
          const record = await target.pull(reference, (p) => {
            if (p.status === 'Downloading' && p.total) sizes.set(p.id, p.total);
            onProgress?.(p);
          });
          end({ result: 'success' });
          return record;
        } catch (err) {
          end({ result: 'error' });
          throw err;
        } finally {
          metrics.imagePullBytes.inc([...sizes.values()].reduce((a, b) => a + b, 0));
        }
      };
    },
  });
}
