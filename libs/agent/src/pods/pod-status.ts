// Pod status as Kubernetes reports it, computed purely from what the node observed.
import type { ContainerInfo } from '@stevedore/runtime';

export type Obj = Record<string, any>;

/** What the worker knows about one container of the pod besides the runtime's record. */
export interface ContainerView {
  name: string;
  image: string;
  /** The newest runtime container for this name, and the one before it (lastState). */
  current?: ContainerInfo;
  previous?: ContainerInfo;
  /** Why it is not running (ErrImagePull, CrashLoopBackOff, …), when it is not. */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
  restartCount: number;
}

export const CONTAINER_ID_PREFIX = 'stevedore://';

function iso(date: Date | undefined): string | undefined {
  return date?.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function terminated(info: ContainerInfo): Obj {
  const exitCode = info.exitCode ?? 0;
  const reason = info.oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return {
    terminated: {
      exitCode,
      reason,
      startedAt: iso(info.startedAt),
      finishedAt: iso(info.finishedAt),
      containerID: CONTAINER_ID_PREFIX + info.id,
    },
  };
}

export function containerState(view: ContainerView): Obj {
  if (view.waiting) return { waiting: { reason: view.waiting.reason, ...(view.waiting.message ? { message: view.waiting.message } : {}) } };
  const info = view.current;
  if (!info) return { waiting: { reason: 'ContainerCreating' } };
  if (info.state === 'running') return { running: { startedAt: iso(info.startedAt) } };
  if (info.state === 'exited') return terminated(info);
  return { waiting: { reason: 'ContainerCreating' } };
}

export function containerStatus(view: ContainerView): Obj {
  const info = view.current;
  const last = view.waiting && info?.state === 'exited' ? info : view.previous;
  return {
    name: view.name,
    image: view.image,
    imageID: info ? info.image.id : '',
    ...(info ? { containerID: CONTAINER_ID_PREFIX + info.id } : {}),
    ready: view.ready,
    started: view.started,
    restartCount: view.restartCount,
    state: containerState(view),
    lastState: last && last.state === 'exited' ? terminated(last) : {},
  };
}

/** Phase from container outcomes and the restart policy, as the kubelet computes it. */
export function podPhase(policy: string, init: ContainerView[], app: ContainerView[], initFailed: boolean): string {
  if (initFailed) return 'Failed';
  if (init.some((c) => c.current?.state !== 'exited' || c.current.exitCode !== 0)) return 'Pending';
  const running = app.filter((c) => c.current?.state === 'running').length;
  const exited = app.filter((c) => c.current?.state === 'exited' && !c.waiting);
  const waiting = app.length - running - exited.length;
  if (waiting > 0 && running === 0 && !app.some((c) => c.restartCount > 0)) return 'Pending';
  if (running > 0 || waiting > 0) return 'Running';
  const failed = exited.some((c) => c.current!.exitCode !== 0);
  if (policy === 'Always') return 'Running';
  if (policy === 'OnFailure' && failed) return 'Running';
  return failed ? 'Failed' : 'Succeeded';
}

export interface PodStatusInput {
  pod: Obj;
  init: ContainerView[];
  app: ContainerView[];
  initFailed: boolean;
  hostIP: string;
  podIP?: string;
  startTime: string;
  /** Previous status, so transition times only move when a condition changes. */
  previous?: Obj;
  now: string;
}

export function podStatus(input: PodStatusInput): Obj {
  const { pod, init, app } = input;
  const phase = podPhase(pod.spec.restartPolicy ?? 'Always', init, app, input.initFailed);
  const initialized = init.every((c) => c.current?.state === 'exited' && c.current.exitCode === 0);
  const containersReady = app.every((c) => c.ready);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const conditions = [
    condition('PodReadyToStartContainers', true),
    condition('Initialized', initialized, initialized ? undefined : 'ContainersNotInitialized'),
    condition('Ready', containersReady && !done, containersReady ? (done ? 'PodCompleted' : undefined) : 'ContainersNotReady'),
    condition('ContainersReady', containersReady && !done, containersReady ? (done ? 'PodCompleted' : undefined) : 'ContainersNotReady'),
    condition('PodScheduled', true),
  ].map((c) => withTransitionTime(c, input.previous, input.now));
  return {
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(input.podIP ? { podIP: input.podIP, podIPs: [{ ip: input.podIP }] } : {}),
    startTime: input.startTime,
    ...(init.length ? { initContainerStatuses: init.map(containerStatus) } : {}),
    containerStatuses: app.map(containerStatus),
    qosClass: pod.status?.qosClass ?? 'BestEffort',
  };
}

function condition(type: string, ok: boolean, reason?: string): Obj {
  return { type, status: ok ? 'True' : 'False', ...(reason ? { reason } : {}) };
}

function withTransitionTime(cond: Obj, previous: Obj | undefined, now: string): Obj {
  const before = (previous?.conditions ?? []).find((c: Obj) => c.type === cond.type);
  const time = before && before.status === cond.status ? before.lastTransitionTime : now;
  return { ...cond, lastProbeTime: null, lastTransitionTime: time };
}
