import type { ContainerInfo } from '@stevedore/runtime';
import { expand } from './env';
import { type ContainerView, podPhase, podStatus } from './pod-status';

const info = (state: ContainerInfo['state'], exitCode?: number): ContainerInfo => ({
  id: 'x'.repeat(64),
  name: 'n',
  image: { ref: 'busybox', id: 'sha256:abc' },
  command: [],
  labels: {},
  state,
  createdAt: new Date(0),
  startedAt: new Date(0),
  finishedAt: state === 'exited' ? new Date(1000) : undefined,
  exitCode,
  restartCount: 0,
  upperDir: '',
  logPath: '',
  resources: {},
});
const view = (current?: ContainerInfo, extra: Partial<ContainerView> = {}): ContainerView => ({
  name: 'main',
  image: 'busybox',
  current,
  ready: current?.state === 'running',
  started: true,
  restartCount: 0,
  ...extra,
});

describe('pod phase', () => {
  it('follows the kubelet rules for restart policies', () => {
    expect(podPhase('Always', [], [view()], false)).toBe('Pending');
    expect(podPhase('Always', [], [view(info('running'))], false)).toBe('Running');
    expect(podPhase('Never', [], [view(info('exited', 0))], false)).toBe('Succeeded');
    expect(podPhase('Never', [], [view(info('exited', 1))], false)).toBe('Failed');
    expect(podPhase('OnFailure', [], [view(info('exited', 1))], false)).toBe('Running');
    expect(podPhase('Always', [view(info('running'))], [view()], false)).toBe('Pending');
    expect(podPhase('Never', [view(info('exited', 1))], [view()], true)).toBe('Failed');
  });

  it('reports CrashLoopBackOff with the last termination, and keeps transition times stable', () => {
    const crashing = view(info('exited', 3), { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' }, restartCount: 2 });
    const pod = { metadata: { name: 'p' }, spec: { restartPolicy: 'Always' } };
    const first = podStatus({
      pod,
      init: [],
      app: [crashing],
      initFailed: false,
      hostIP: '198.18.0.2',
      podIP: '198.19.0.5',
      startTime: 't0',
      now: 't1',
    });
    expect(first.phase).toBe('Running');
    expect(first.containerStatuses[0]).toMatchObject({
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 3, reason: 'Error' } },
    });
    const again = podStatus({
      pod,
      init: [],
      app: [crashing],
      initFailed: false,
      hostIP: '198.18.0.2',
      podIP: '198.19.0.5',
      startTime: 't0',
      previous: first,
      now: 't2',
    });
    expect(again.conditions.map((c: { lastTransitionTime: string }) => c.lastTransitionTime)).toEqual(
      first.conditions.map((c: { lastTransitionTime: string }) => c.lastTransitionTime),
    );
  });
});

describe('environment expansion', () => {
  it('expands $(VAR), keeps unknown references and unescapes $$', () => {
    const vars = new Map([['A', '1']]);
    expect(expand('x$(A)y $(B) $$(A)', vars)).toBe('x1y $(B) $(A)');
  });
});
