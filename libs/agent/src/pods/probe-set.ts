// The probes of one running container: startup gates the others; liveness failures past the
// threshold ask for a restart; readiness decides `ready`. Probes run only when due.
import type { ContainerInfo } from '@stevedore/runtime';
import type { PodHost } from './pod-host';
import type { Obj } from './pod-status';
import { type ProbeKind, probeTiming, runProbe } from './probes';

interface ProbeState {
  lastRun: number;
  successes: number;
  failures: number;
  passed: boolean;
}

export interface ProbeRound {
  kill: boolean;
  /** When a probe is next due (ms), if any. */
  nextMs?: number;
}

export class ProbeSet {
  private states = new Map<ProbeKind, ProbeState>();

  constructor(
    private readonly host: PodHost,
    private readonly container: string,
  ) {}

  reset(): void {
    this.states = new Map();
  }

  started(c: Obj): boolean {
    return !c.startupProbe || !!this.states.get('startup')?.passed;
  }

  ready(c: Obj): boolean {
    if (!this.started(c)) return false;
    return !c.readinessProbe || !!this.states.get('readiness')?.passed;
  }

  async run(pod: Obj, c: Obj, info: ContainerInfo, podIP: string): Promise<ProbeRound> {
    const kinds: ProbeKind[] = this.started(c) ? ['liveness', 'readiness'] : ['startup'];
    let nextMs: number | undefined;
    let kill = false;
    for (const kind of kinds) {
      const probe = c[`${kind}Probe`];
      if (!probe) continue;
      const timing = probeTiming(probe);
      const state = this.states.get(kind) ?? { lastRun: 0, successes: 0, failures: 0, passed: false };
      this.states.set(kind, state);
      const startedAt = info.startedAt?.getTime() ?? Date.now();
      const due = Math.max(startedAt + timing.initialDelayMs, state.lastRun + timing.periodMs);
      const wait = due - Date.now();
      if (wait > 0) {
        nextMs = Math.min(nextMs ?? wait, wait);
        continue;
      }
      state.lastRun = Date.now();
      const outcome = await runProbe(probe, { runtime: this.host.runtime, containerId: info.id, container: c, podIP });
      if (outcome.ok) {
        state.successes++;
        state.failures = 0;
        if (state.successes >= timing.successThreshold) state.passed = true;
      } else {
        state.failures++;
        state.successes = 0;
        const label = kind[0]!.toUpperCase() + kind.slice(1);
        this.host.event(pod, 'Warning', 'Unhealthy', `${label} probe failed: ${outcome.message}`, `spec.containers{${this.container}}`);
        if (state.failures >= timing.failureThreshold) {
          state.passed = false;
          if (kind !== 'readiness') kill = true;
        }
      }
      nextMs = Math.min(nextMs ?? timing.periodMs, timing.periodMs);
    }
    return { kill, nextMs };
  }
}
