// kubelet_pod_start_duration_seconds: from the agent first seeing a pod to all of its
// containers running, observed once per pod.
import type { Observable } from 'rxjs';
import type { ContainerRuntime } from '@stevedore/runtime';
import type { DesiredPods } from '../cluster/gateway-client';
import { LABELS } from '../pods/pod-host';
import type { AgentMetrics } from './agent-metrics';

interface Waiting {
  seenAt: number;
  containers: number;
}

export class PodStartTracker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly done = new Set<string>();

  constructor(private readonly runtime: ContainerRuntime, private readonly metrics: AgentMetrics, desired: Observable<DesiredPods>) {
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
        else if (!this.waiting.has(uid) && !this.done.has(uid)) this.waiting.set(uid, { seenAt: performance.now(), containers: pod.spec?.containers?.length ?? 1 });
      }
    });
    runtime.events$.subscribe((event) => {
      if (event.type === 'started' && this.waiting.size) void this.check();
    });
  }

  private async check(): Promise<void> {
    const running = (await this.runtime.list()).filter((c) => c.state === 'running');
    for (const [uid, waiting] of this.waiting) {
      const names = new Set(running.filter((c) => c.labels[LABELS.podUid] === uid).map((c) => c.labels[LABELS.container]));
      if (names.size < waiting.containers) continue;
      this.metrics.podStartSeconds.observe((performance.now() - waiting.seenAt) / 1000);
      this.waiting.delete(uid);
      this.done.add(uid);
    }
  }

  private forget(uid: string): void {
    this.waiting.delete(uid);
    this.done.delete(uid);
  }
}
