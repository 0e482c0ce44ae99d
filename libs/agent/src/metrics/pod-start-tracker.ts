// kubelet_pod_start_duration_seconds: from the agent first seeing a pod to all of its
// containers running, observed once per pod.

import { type Logger, logger } from '@stevedore/log';
import { type ContainerRuntime, ignoreNoSuchContainer } from '@stevedore/runtime';
import type { Observable } from 'rxjs';
import type { DesiredPods } from '../cluster/gateway-client';
import { LABELS } from '../pods/pod-host';
import type { AgentMetrics } from './agent-metrics';

interface Waiting {
  seenAt: number;
  containers: number;
  started: Set<string>;
}

export class PodStartTracker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly done = new Set<string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly metrics: AgentMetrics,
    desired: Observable<DesiredPods>,
    private readonly log: Logger = logger('agent'),
  ) {
    desired.subscribe((change) => {
      const pods = change.kind === 'snapshot' ? change.pods : [change.pod];
      if (change.kind === 'snapshot') {
        const present = new Set(pods.map((p) => p.metadata?.uid));
        for (const uid of [...this.waiting.keys(), ...this.done]) if (!present.has(uid)) this.forget(uid);
      }
      for (const pod of pods) {
        const uid = pod.metadata?.uid as string | undefined;
        if (!uid) continue;
        if (change.kind === 'change' && change.type === 'DELETED') this.forget(uid);
        else if (!this.waiting.has(uid) && !this.done.has(uid)) {
          this.waiting.set(uid, { seenAt: performance.now(), containers: pod.spec?.containers?.length ?? 1, started: new Set() });
        }
      }
    });
    // One inspect per container start, so a node with many pods never lists them all each time.
    runtime.events$.subscribe((event) => {
      if (event.type === 'started' && this.waiting.size) {
        void this.started(event.id).catch((err) => this.log.warn('cannot time the pod start', { container: event.id.slice(0, 12), err }));
      }
    });
  }

  private async started(id: string): Promise<void> {
    // Removed again since it started (a crash loop): nothing to time.
    const info = await ignoreNoSuchContainer(this.runtime.inspect(id));
    if (!info) return;
    const uid = info.labels[LABELS.podUid] ?? '';
    const waiting = this.waiting.get(uid);
    if (!waiting) return;
    waiting.started.add(info.labels[LABELS.container] ?? info.name);
    if (waiting.started.size < waiting.containers) return;
    this.metrics.podStartSeconds.observe((performance.now() - waiting.seenAt) / 1000);
    this.waiting.delete(uid);
    this.done.add(uid);
  }

  private forget(uid: string): void {
    this.waiting.delete(uid);
    this.done.delete(uid);
  }
}
