// The Pod columns kubectl prints, with its STATUS rules.
import type { ContainerStateTerminated, ContainerStatus, Pod } from '../../generated/kubernetes-types';
import { age, column, type Printer } from '../../printing';

function terminatedReason(t: ContainerStateTerminated, prefix = ''): string {
  if (t.reason) return prefix + t.reason;
  return prefix + (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`);
}

/** Init containers decide the STATUS until they have all succeeded ("Init:1/2", "Init:CrashLoopBackOff"). */
function initStatus(statuses: ContainerStatus[], total: number): string | undefined {
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i]!.state ?? {};
    if (s.terminated && s.terminated.exitCode === 0) continue;
    if (s.terminated) return terminatedReason(s.terminated, 'Init:');
    if (s.waiting?.reason && s.waiting.reason !== 'PodInitializing') return `Init:${s.waiting.reason}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

/** The STATUS column, following kubectl's rules: a container's waiting or terminated reason wins over the phase. */
export function podStatus(pod: Pod): string {
  const status = pod.status ?? {};
  let reason: string = status.reason ?? status.phase ?? 'Pending';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const initTotal = pod.spec?.initContainers?.length ?? 0;
  const init = initTotal ? initStatus(status.initContainerStatuses ?? [], initTotal) : undefined;
  if (init) reason = init;
  else {
    let running = false;
    for (const cs of [...(status.containerStatuses ?? [])].reverse() as ContainerStatus[]) {
      const s = cs.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated) reason = terminatedReason(s.terminated);
      else if (s.running && cs.ready) running = true;
    }
    if (reason === 'Completed' && running) reason = 'Running';
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

export const podPrinter: Printer<Pod> = {
  columns: [
    column('Name', 'string', 0, 'name'),
    column('Ready'),
    column('Status'),
    column('Restarts', 'string'),
    column('Age'),
    column('IP', 'string', 1),
    column('Node', 'string', 1),
    column('Nominated Node', 'string', 1),
    column('Readiness Gates', 'string', 1),
  ],
  cells(pod, now) {
    const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
    const total = pod.spec?.containers?.length ?? 0;
    const ready = statuses.filter((s) => s.ready).length;
    const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
    return [
      pod.metadata.name,
      `${ready}/${total}`,
      podStatus(pod),
      String(restarts),
      age(pod.metadata.creationTimestamp, now),
      pod.status?.podIP ?? '<none>',
      pod.spec?.nodeName ?? '<none>',
      pod.status?.nominatedNodeName ?? '<none>',
      '<none>',
    ];
  },
};
