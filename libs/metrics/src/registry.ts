// One metrics registry per component instance. prom-client's default registry is a process
// global; the control plane and an agent can share a process (tests, `stevedore up`), so each
// builds its own and nothing ever registers on the global one.
import { Registry } from 'prom-client';
import { registerProcessMetrics } from './process-metrics';

export interface RegistryOptions {
  /** Add the process metrics (process_cpu_seconds_total, process_resident_memory_bytes, nodejs_*). */
  processMetrics?: boolean;
}

export function newRegistry(opts: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (opts.processMetrics) registerProcessMetrics(registry);
  return registry;
}

/** The text exposition of several registries, as one document (names must not collide). */
export async function exposition(...registries: Registry[]): Promise<string> {
  const texts = await Promise.all(registries.map((r) => r.metrics()));
  return texts.map((t) => (t.endsWith('\n') || !t ? t : `${t}\n`)).join('');
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
