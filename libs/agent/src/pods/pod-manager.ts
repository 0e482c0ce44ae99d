// The node's pod sync loop: keeps one worker per desired pod, stops what is no longer wanted
// (including containers left by pods deleted while the agent was away) and re-sends every
// status after a reconnect. Level-triggered: a snapshot replaces the desired set.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Subscription } from 'rxjs';
import type { DesiredPods, Pod } from '../cluster/gateway-client';
import { unmountPodVolumes } from './memory-volumes';
import { LABELS, type PodHost } from './pod-host';
import { terminatePod } from './pod-terminator';
import { PodWorker } from './pod-worker';

export class PodManager {
  private readonly workers = new Map<string, PodWorker>();
  private subscription?: Subscription;
  private cleanedOrphans = false;
  /** Pods this node has finished stopping (bounded: only the most recent matter). */
  private readonly terminated = new Set<string>();

  constructor(private readonly host: PodHost) {}

  follow(desired: { subscribe(observer: (d: DesiredPods) => void): Subscription }): void {
    this.subscription = desired.subscribe((d) => {
      if (d.kind === 'snapshot') this.applySnapshot(d.pods);
      else if (d.type === 'DELETED') this.workers.get(d.pod.metadata.uid)?.remove();
      else this.upsert(d.pod);
    });
  }

  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  resendAll(): void {
    for (const worker of this.workers.values()) worker.resendStatus();
  }

  get count(): number {
    return this.workers.size;
  }

  /** Stops following; containers keep running (they outlive the agent). */
  stop(): void {
    this.subscription?.unsubscribe();
    for (const worker of this.workers.values()) worker.stop();
  }

  private applySnapshot(pods: Pod[]): void {
    const wanted = new Set(pods.map((p) => p.metadata.uid));
    for (const [uid, worker] of this.workers) if (!wanted.has(uid)) worker.remove();
    for (const pod of pods) this.upsert(pod);
    if (!this.cleanedOrphans) {
      this.cleanedOrphans = true;
      void this.removeOrphans(wanted);
    }
  }

  private upsert(pod: Pod): void {
    const existing = this.workers.get(pod.metadata.uid);
    if (existing) return existing.update(pod);
    if (pod.metadata.deletionTimestamp && this.terminated.has(pod.metadata.uid)) {
      // Already stopped here, yet the pod is still there: the report was lost, send it again.
      this.host.reportTerminated(pod);
      return;
    }
    const worker = new PodWorker(pod, this.host, (uid) => {
      this.workers.delete(uid);
      this.terminated.add(uid);
      if (this.terminated.size > 1000) this.terminated.delete(this.terminated.values().next().value!);
    });
    this.workers.set(pod.metadata.uid, worker);
    worker.kick();
  }

  /**
   * Folders of pods gone while the agent was down whose containers are gone too: nothing else
   * would remove them, and a Memory emptyDir there would keep its tmpfs (and memory) mounted.
   */
  private async removeOrphanFolders(wanted: Set<string>, withContainers: Map<string, unknown>): Promise<void> {
    const uids = await ignoreMissing(fs.readdir(this.host.podsDir)).catch((err) => {
      this.host.log.warn('cannot list pod folders; orphans stay until the next start', { err });
      return undefined;
    });
    if (!uids) return;
    // A pod added since the snapshot has a worker (and maybe a new folder) already: not an orphan.
    for (const uid of uids.filter((u) => !wanted.has(u) && !withContainers.has(u) && !this.workers.has(u))) {
      const podDir = path.join(this.host.podsDir, uid);
      await unmountPodVolumes(podDir)
        .then(() => fs.rm(podDir, { recursive: true, force: true }))
        .catch((err) => this.host.log.warn('cannot remove the folder of a pod no longer on this node', { uid, err }));
    }
  }

  /** Containers of pods this node no longer has (deleted while the agent was down) are stopped and removed. */
  private async removeOrphans(wanted: Set<string>): Promise<void> {
    const byPod = new Map<string, Awaited<ReturnType<PodHost['runtime']['list']>>>();
    for (const c of await this.host.runtime.list()) {
      const uid = c.labels[LABELS.podUid];
      if (!uid || wanted.has(uid)) continue;
      byPod.set(uid, [...(byPod.get(uid) ?? []), c]);
    }
    await this.removeOrphanFolders(wanted, byPod);
    for (const [uid, containers] of byPod) {
      const labels = containers[0]!.labels;
      const key = `${labels[LABELS.podNamespace]}/${labels[LABELS.podName]}`;
      this.host.log.info(`removing ${containers.length} container(s) of a pod no longer on this node`, { key });
      const pod = {
        metadata: { uid, name: labels[LABELS.podName], namespace: labels[LABELS.podNamespace], deletionGracePeriodSeconds: 30 },
        spec: {},
      };
      await terminatePod({ ...this.host, event: () => undefined }, pod, containers).catch((err) =>
        this.host.log.warn('cannot remove the containers of a pod no longer on this node', { key, err }),
      );
    }
  }
}
