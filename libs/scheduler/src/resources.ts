import { bytes, milliCpu, type Pod, parseQuantity, type Quantity } from '@stevedore/api';
import type { Resources } from './types';

// Requests of pods that set none count this much when scoring, as in kube-scheduler, so that
// "empty" pods still spread out instead of piling onto one node.
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceMap = Record<string, string | number> | undefined;

/**
 * Per-pod values the filters and scores ask for on every node they look at (hundreds per pod
 * at scale), worked out once per pod object, as kube-scheduler's PreFilter state. Informers hand
 * out a new object for every change, so a cached value never outlives the pod it describes.
 */
function perPod<T>(compute: (pod: Pod) => T): (pod: Pod) => T {
  const cache = new WeakMap<Pod, T>();
  // The pod being scheduled asks once per node examined: an identity check beats a WeakMap lookup.
  let last: { pod: Pod; value: T } | undefined;
  return (pod) => {
    if (last?.pod === pod) return last.value;
    let value = cache.get(pod);
    if (value === undefined) {
      value = compute(pod);
      cache.set(pod, value);
    }
    last = { pod, value };
    return value;
  };
}

function fromMap(map: ResourceMap): Resources {
  return { milliCpu: milliCpu(map?.cpu), memory: bytes(map?.memory), pods: 0 };
}

/**
 * The pod's effective request: the sum over app containers, or the largest init container
 * if that is bigger (init containers run one at a time), plus one pod slot.
 */
export const podRequests = perPod((pod: Pod): Resources => {
  const sum: Resources = { milliCpu: 0, memory: 0, pods: 1 };
  for (const c of pod.spec.containers) {
    const r = fromMap(c.resources?.requests ?? c.resources?.limits);
    sum.milliCpu += r.milliCpu;
    sum.memory += r.memory;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = fromMap(c.resources?.requests ?? c.resources?.limits);
    sum.milliCpu = Math.max(sum.milliCpu, r.milliCpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  return sum;
});

/** Like podRequests, but with the scoring defaults for containers that request nothing. */
export const podRequestsForScoring = perPod((pod: Pod): Resources => {
  const sum: Resources = { milliCpu: 0, memory: 0, pods: 1 };
  for (const c of pod.spec.containers) {
    const r = fromMap(c.resources?.requests ?? c.resources?.limits);
    sum.milliCpu += r.milliCpu || DEFAULT_MILLI_CPU_REQUEST;
    sum.memory += r.memory || DEFAULT_MEMORY_REQUEST;
  }
  return sum;
});

export function nodeAllocatable(allocatable: Record<string, Quantity> | undefined): Resources {
  return {
    milliCpu: milliCpu(allocatable?.cpu),
    memory: bytes(allocatable?.memory),
    pods: Math.floor(parseQuantity(allocatable?.pods ?? '110') ?? 110),
  };
}

export function addResources(a: Resources, b: Resources, sign: 1 | -1 = 1): Resources {
  return { milliCpu: a.milliCpu + sign * b.milliCpu, memory: a.memory + sign * b.memory, pods: a.pods + sign * b.pods };
}

/** "protocol/hostIP/port" for every hostPort the pod asks for. */
export const hostPorts = perPod((pod: Pod): string[] => {
  const out: string[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort}`);
    }
  }
  return out;
});
