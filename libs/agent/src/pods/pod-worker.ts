// One pod on this node, driven level-triggered: every sync compares the pod's spec with the
// containers the runtime has and takes the next step (sandbox, init containers in order, app
// containers, restarts with back-off, probes), then reports the status if it changed.

import type { ContainerInfo } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import { pullIfNeeded, StartError, startContainer } from './container-starter';
import { emptyDirOverLimit, LIMIT_CHECK_MS, limitedEmptyDirs } from './emptydir-limits';
import { ConfigError } from './env';
import { backoffDelay, LABELS, type PodHost } from './pod-host';
import { type ContainerView, type Obj, podStatus } from './pod-status';
import { removeContainer, terminatePod } from './pod-terminator';
import { ProbeSet } from './probe-set';
import { PassSlot } from './start-slots';
import { type PodVolumes, prepareVolumes, refreshTokens } from './volumes';

/** Per container name: what the runtime cannot tell us. */
interface Track {
  waiting?: { reason: string; message?: string };
  retryAt: number;
  pullLevel: number;
  restartLevel: number;
  probes: ProbeSet;
}

const RAN_LONG_ENOUGH_MS = 10 * 60_000;

export class PodWorker {
  private readonly tracks = new Map<string, Track>();
  private sandbox?: { ip?: string; netnsPath?: string };
  private volumes?: PodVolumes;
  private readonly startTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  private lastStatus?: Obj;
  private syncing = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private finished = false;
  /** Until the first pass: containers found in state created then are starts a killed agent left. */
  private firstPass = true;
  /** Set when the API no longer has the pod: nobody is left to tell that it stopped. */
  private gone = false;
  /** Why this node evicted the pod: its containers stay stopped and it reports Failed/Evicted. */
  private evicted?: string;

  constructor(
    private pod: Obj,
    private readonly host: PodHost,
    private readonly onDone: (uid: string) => void,
  ) {}

  get uid(): string {
    return this.pod.metadata.uid;
  }

  update(pod: Obj): void {
    this.pod = pod;
    this.kick();
  }

  /** The pod is gone from the API (force-deleted or moved): stop it all the same. */
  remove(): void {
    this.gone = true;
    this.pod = {
      ...this.pod,
      metadata: { ...this.pod.metadata, deletionTimestamp: this.pod.metadata.deletionTimestamp ?? new Date().toISOString() },
    };
    this.kick();
  }

  /** Forget the last report so the next sync sends it again (after a reconnect). */
  resendStatus(): void {
    this.lastStatus = undefined;
    this.kick();
  }

  kick(delayMs = 0): void {
    if (this.finished) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    let next: number | undefined;
    try {
      next = await this.sync();
    } catch (err) {
      this.host.log.warn('pod sync failed; retrying in 2 s', { key: this.describe(), err });
      next = 2000;
    } finally {
      this.syncing = false;
    }
    if (this.finished) return;
    if (this.again) {
      this.again = false;
      this.kick();
    } else if (next !== undefined) {
      this.kick(next);
    }
  }

  /** One pass; returns when to look again (ms), or undefined to wait for an outside change. */
  private async sync(): Promise<number | undefined> {
    let mine = await this.containers();
    if (this.firstPass) {
      this.firstPass = false;
      mine = await this.dropInterruptedStarts(mine);
    }
    if (this.pod.metadata.deletionTimestamp) {
      await terminatePod(this.host, this.pod, mine);
      this.finished = true;
      if (!this.gone) this.host.reportTerminated(this.pod);
      this.onDone(this.uid);
      return undefined;
    }
    if (this.evicted) return this.stayEvicted(mine);
    // Setting up the sandbox and starting containers wait for one of the node's start slots.
    const slot = new PassSlot(this.host.startSlots);
    let next: number | undefined;
    try {
      next = await this.step(mine, slot);
    } finally {
      slot.done();
    }
    const refresh = await this.refreshTokens();
    return refresh === undefined ? next : Math.min(next ?? refresh, refresh);
  }

  /** Keeps projected ServiceAccount tokens fresh; a failed refresh is retried soon (the old token still works a while). */
  private async refreshTokens(): Promise<number | undefined> {
    if (!this.volumes) return undefined;
    try {
      return await refreshTokens(this.pod, this.volumes, this.host.config);
    } catch (err) {
      this.host.log.warn('cannot refresh a ServiceAccount token; retrying in 10 s', { key: this.describe(), err });
      return 10_000;
    }
  }

  private async step(mine: ContainerInfo[], slot: PassSlot): Promise<number | undefined> {
    if (!(await this.ensureSandbox(slot))) return this.report(mine, false) ?? 5000;
    const init: Obj[] = this.pod.spec.initContainers ?? [];
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    let initFailed = false;
    let waitMs: number | undefined;
    let initDone = true;
    for (const c of init) {
      const [latest] = history(mine, c.name);
      if (latest?.state === 'exited' && latest.exitCode === 0) continue;
      initDone = false;
      if (latest?.state === 'exited' && policy === 'Never') initFailed = true;
      else if (!latest || latest.state === 'exited') waitMs = await this.startOrBackOff(c, latest, `spec.initContainers{${c.name}}`, slot);
      break;
    }
    if (initDone) {
      for (const c of this.pod.spec.containers) {
        const [latest] = history(mine, c.name);
        const wake = await this.stepAppContainer(c, latest, policy, slot);
        if (wake !== undefined) waitMs = Math.min(waitMs ?? wake, wake);
      }
    }
    const after = await this.containers();
    this.report(after, initFailed);
    if (!limitedEmptyDirs(this.pod).length) return waitMs;
    const over = await emptyDirOverLimit(this.pod, path.join(this.host.podsDir, this.uid));
    if (over) {
      this.evicted = over;
      this.host.event(this.pod, 'Warning', 'Evicted', over);
      return 0;
    }
    return Math.min(waitMs ?? LIMIT_CHECK_MS, LIMIT_CHECK_MS);
  }

  /** An evicted pod's containers are stopped and stay so; the pod is Failed until it is deleted. */
  private async stayEvicted(mine: ContainerInfo[]): Promise<undefined> {
    const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
    await Promise.all(mine.filter((c) => c.state === 'running').map((c) => this.host.runtime.stop(c.id, grace)));
    const after = await this.containers();
    this.report(after, false, { phase: 'Failed', reason: 'Evicted', message: this.evicted });
    return undefined;
  }

  private async stepAppContainer(c: Obj, latest: ContainerInfo | undefined, policy: string, slot: PassSlot): Promise<number | undefined> {
    const fieldPath = `spec.containers{${c.name}}`;
    if (!latest) return this.startOrBackOff(c, undefined, fieldPath, slot);
    if (latest.state === 'running') {
      const track = this.track(c.name);
      const outcome = await track.probes.run(this.pod, c, latest, this.sandbox?.ip ?? this.host.hostIP);
      if (outcome.kill) {
        this.host.event(this.pod, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`, fieldPath);
        await this.host.runtime.stop(latest.id, this.pod.spec.terminationGracePeriodSeconds ?? 30);
        return 0;
      }
      return outcome.nextMs;
    }
    if (latest.state === 'exited') {
      const restart = policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
      if (!restart) return undefined;
      return this.startOrBackOff(c, latest, fieldPath, slot);
    }
    return 1000;
  }

  /** Starts the container's next attempt unless its back-off has not run out yet. */
  private async startOrBackOff(c: Obj, latest: ContainerInfo | undefined, fieldPath: string, slot: PassSlot): Promise<number | undefined> {
    const track = this.track(c.name);
    const now = Date.now();
    if (latest?.state === 'exited' && !track.waiting?.reason.includes('Pull')) {
      const ranFor = (latest.finishedAt?.getTime() ?? now) - (latest.startedAt?.getTime() ?? now);
      if (ranFor >= RAN_LONG_ENOUGH_MS) track.restartLevel = 0;
      if (track.retryAt === 0) track.retryAt = (latest.finishedAt?.getTime() ?? now) + backoffDelay(track.restartLevel, this.host.backoff);
    }
    if (now < track.retryAt) {
      if (latest?.state === 'exited' && !track.waiting?.reason.includes('Pull')) {
        const seconds = Math.round(backoffDelay(track.restartLevel, this.host.backoff) / 1000);
        if (track.waiting?.reason !== 'CrashLoopBackOff')
          this.host.event(this.pod, 'Warning', 'BackOff', 'Back-off restarting failed container', fieldPath);
        track.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${seconds}s restarting failed container=${c.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`,
        };
      }
      return track.retryAt - now;
    }
    const attempt = latest ? Number(latest.labels[LABELS.attempt] ?? 0) + 1 : 0;
    try {
      // A pull can take long: it holds no start slot, so pods with cached images go ahead.
      await pullIfNeeded(this.host, this.pod, c, fieldPath);
      await slot.take();
      if (latest) await this.pruneHistory(c.name);
      await startContainer(this.host, {
        pod: this.pod,
        container: c,
        attempt,
        podIP: this.sandbox?.ip,
        netnsPath: this.sandbox?.netnsPath,
        volumes: this.volumes!,
        fieldPath,
      });
      track.waiting = undefined;
      track.pullLevel = 0;
      if (latest) track.restartLevel++;
      track.retryAt = 0;
      track.probes.reset();
      return 0;
    } catch (err) {
      return this.startFailed(c, track, err, fieldPath);
    }
  }

  private startFailed(c: Obj, track: Track, err: unknown, fieldPath: string): number {
    const reason = err instanceof StartError ? err.reason : 'CreateContainerError';
    const message = (err as Error).message;
    const pull = reason === 'ErrImagePull';
    if (pull) {
      const backingOff = track.pullLevel > 0;
      track.pullLevel++;
      track.waiting = {
        reason: backingOff ? 'ImagePullBackOff' : 'ErrImagePull',
        message: backingOff ? `Back-off pulling image "${c.image}": ${message}` : message,
      };
      this.host.event(this.pod, 'Warning', 'Failed', message, fieldPath);
      if (backingOff) this.host.event(this.pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, fieldPath);
      const delay = backoffDelay(track.pullLevel, this.host.backoff);
      track.retryAt = Date.now() + delay;
      return delay;
    }
    track.waiting = { reason, message };
    this.host.event(this.pod, 'Warning', 'Failed', `Error: ${message}`, fieldPath);
    track.retryAt = Date.now() + backoffDelay(Math.max(1, track.restartLevel), this.host.backoff);
    return track.retryAt - Date.now();
  }

  /** Keeps the newest exited attempt (for `logs --previous`), removes older ones. */
  private async pruneHistory(name: string): Promise<void> {
    const mine = await this.containers();
    for (const old of history(mine, name).slice(1)) await removeContainer(this.host, old.id);
  }

  /** This pod's containers, every attempt. */
  private containers(): Promise<ContainerInfo[]> {
    return this.host.runtime.list({ labels: { [LABELS.podUid]: this.uid } });
  }

  private async ensureSandbox(slot: PassSlot): Promise<boolean> {
    if (this.sandbox && this.volumes) return true;
    const podDir = path.join(this.host.podsDir, this.uid);
    try {
      await slot.take();
      await fs.mkdir(podDir, { recursive: true });
      this.volumes ??= await prepareVolumes(this.pod, podDir, this.host.config);
      if (this.pod.spec.hostNetwork) this.sandbox = { ip: this.host.hostIP, netnsPath: 'host' };
      else if (this.host.network) {
        const ports = this.pod.spec.containers.flatMap((c: Obj) =>
          (c.ports ?? [])
            .filter((p: Obj) => p.hostPort)
            .map((p: Obj) => ({
              hostPort: p.hostPort,
              containerPort: p.containerPort,
              protocol: (p.protocol ?? 'TCP').toLowerCase(),
              ...(p.hostIP ? { hostIP: p.hostIP } : {}),
            })),
        );
        const net = await this.host.network.setUp(this.uid, ports);
        this.sandbox = { ip: net.ip, netnsPath: net.netnsPath };
      } else {
        this.sandbox = {};
      }
      return true;
    } catch (err) {
      const reason = err instanceof ConfigError ? 'FailedMount' : 'FailedCreatePodSandBox';
      this.host.event(this.pod, 'Warning', reason, (err as Error).message);
      for (const c of this.pod.spec.containers)
        this.track(c.name).waiting = {
          reason: err instanceof ConfigError ? 'CreateContainerConfigError' : 'ContainerCreating',
          message: (err as Error).message,
        };
      return false;
    }
  }

  private track(name: string): Track {
    let track = this.tracks.get(name);
    if (!track) {
      track = { retryAt: 0, pullLevel: 0, restartLevel: 0, probes: new ProbeSet(this.host, name) };
      this.tracks.set(name, track);
    }
    return track;
  }

  private views(mine: ContainerInfo[], isInit: boolean): ContainerView[] {
    const specs: Obj[] = isInit ? (this.pod.spec.initContainers ?? []) : this.pod.spec.containers;
    return specs.map((c) => {
      const [current, previous] = history(mine, c.name);
      const track = this.track(c.name);
      const running = current?.state === 'running';
      return {
        name: c.name,
        image: c.image,
        current,
        previous,
        waiting: running ? undefined : track.waiting,
        ready: running && !isInit && track.probes.ready(c),
        started: running && track.probes.started(c),
        restartCount: current ? Number(current.labels[LABELS.attempt] ?? 0) : 0,
      };
    });
  }

  private report(mine: ContainerInfo[], initFailed: boolean, override?: Obj): undefined {
    const computed = podStatus({
      pod: this.pod,
      init: this.views(mine, true),
      app: this.views(mine, false),
      initFailed,
      hostIP: this.host.hostIP,
      podIP: this.sandbox?.ip,
      startTime: this.startTime,
      previous: this.lastStatus,
      now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const status = override ? { ...computed, ...override } : computed;
    if (JSON.stringify(status) !== JSON.stringify(this.lastStatus)) {
      this.lastStatus = status;
      this.host.reportStatus(this.pod, status);
    }
    return undefined;
  }

  /**
   * A container created but never started when the worker begins was left by an agent killed
   * between create and start: nothing ran in it and nobody would start it (the pod waited in
   * ContainerCreating for ever). It is removed, so this attempt is made again, as the kubelet
   * replaces a container it finds in the created state.
   */
  private async dropInterruptedStarts(mine: ContainerInfo[]): Promise<ContainerInfo[]> {
    const interrupted = mine.filter((c) => c.state === 'created');
    for (const c of interrupted) {
      this.host.log.info('removing a container whose start was interrupted', { key: this.describe(), container: c.id.slice(0, 12) });
      await this.host.runtime.remove(c.id, { force: true });
    }
    return interrupted.length ? this.containers() : mine;
  }

  private describe(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }
}

/** The runtime containers for one container name, newest attempt first. */
export function history(mine: ContainerInfo[], name: string): ContainerInfo[] {
  return mine
    .filter((c) => c.labels[LABELS.container] === name)
    .sort((a, b) => Number(b.labels[LABELS.attempt] ?? 0) - Number(a.labels[LABELS.attempt] ?? 0));
}
