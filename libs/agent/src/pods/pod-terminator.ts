// Graceful pod termination: preStop hooks, then the stop signal, SIGKILL when the grace period
// runs out, then the containers, network and pod folder are removed.

import { type ContainerInfo, ignoreNoSuchContainer } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import { unmountPodVolumes } from './memory-volumes';
import { LABELS, type PodHost } from './pod-host';
import type { Obj } from './pod-status';

export function graceSecondsOf(pod: Obj): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export async function terminatePod(host: PodHost, pod: Obj, containers: ContainerInfo[]): Promise<void> {
  const grace = graceSecondsOf(pod);
  const deadline = Date.now() + grace * 1000;
  await Promise.all(
    containers
      .filter((c) => c.state === 'running')
      .map(async (c) => {
        const name = c.labels[LABELS.container];
        const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((s: Obj) => s.name === name);
        host.event(pod, 'Normal', 'Killing', `Stopping container ${name}`, `spec.containers{${name}}`);
        if (spec?.lifecycle?.preStop?.exec) await preStop(host, c.id, spec.lifecycle.preStop.exec.command, deadline);
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        await host.runtime.stop(c.id, left).catch((err) => host.log.warn('cannot stop container', { container: c.id.slice(0, 12), err }));
      }),
  );
  for (const c of containers) await removeContainer(host, c.id);
  if (pod.metadata.uid) {
    // Without its spec (an orphan found by labels) the pod may have had host ports: release them too.
    const hadHostPorts = !pod.spec?.containers || pod.spec.containers.some((c: Obj) => (c.ports ?? []).some((p: Obj) => p.hostPort));
    await host.network
      ?.tearDown(pod.metadata.uid, hadHostPorts)
      .catch((err) => host.log.warn('cannot tear down the pod network', { key: `${pod.metadata.namespace}/${pod.metadata.name}`, err }));
    const podDir = path.join(host.podsDir, pod.metadata.uid);
    // A tmpfs still mounted would make the removal fail (busy) after emptying it, and keep its memory.
    await unmountPodVolumes(podDir);
    await fs.rm(podDir, { recursive: true, force: true });
  }
}

/**
 * Removes a container; one already gone is fine. Any other failure is logged and the caller
 * carries on (the pod's other containers and its network still go); the next pass sees the
 * container again.
 */
export async function removeContainer(host: PodHost, id: string): Promise<void> {
  await ignoreNoSuchContainer(host.runtime.remove(id, { force: true })).catch((err) =>
    host.log.warn('cannot remove container', { container: id.slice(0, 12), err }),
  );
}

async function preStop(host: PodHost, id: string, command: string[], deadline: number): Promise<void> {
  try {
    const session = await host.runtime.exec(id, { args: command });
    session.stdout.resume();
    session.stderr.resume();
    await Promise.race([session.exitCode, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
  } catch (err) {
    host.log.warn('preStop hook failed', { container: id.slice(0, 12), err });
  }
}
