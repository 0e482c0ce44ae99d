// Starting one container of a pod: pull per imagePullPolicy, build its environment and mounts,
// create it from the image and start it. Each failure maps to the waiting reason Kubernetes
// users know (ErrImagePull, CreateContainerConfigError, CreateContainerError, RunContainerError).

import { parseQuantity } from '@stevedore/api';
import { type ContainerInfo, type Mount, nodeCapabilities, type Resources } from '@stevedore/runtime';
import { mergeProcess } from '../container-config';
import { ConfigError, containerEnv, expand } from './env';
import { podEtcFiles } from './pod-etc-files';
import { LABELS, type PodHost } from './pod-host';
import type { Obj } from './pod-status';
import { pullCredentials } from './pull-secrets';
import { loadLocalhostProfile } from './seccomp-profiles';
import { type ContainerSecurity, containerSecurity, effectiveSecurityContext } from './security-context';
import { serviceEnv } from './service-env';
import { containerMounts, type PodVolumes } from './volumes';

export class StartError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'StartError';
  }
}

export interface StartRequest {
  pod: Obj;
  container: Obj;
  attempt: number;
  podIP?: string;
  netnsPath?: string;
  volumes: PodVolumes;
  fieldPath: string;
}

export async function pullIfNeeded(host: PodHost, pod: Obj, container: Obj, fieldPath: string): Promise<void> {
  const policy = container.imagePullPolicy ?? 'IfNotPresent';
  const present = host.images.has(container.image);
  if (policy === 'Never') {
    if (!present)
      throw new StartError('ErrImageNeverPull', `Container image "${container.image}" is not present with pull policy of Never`);
    return;
  }
  if (present && policy === 'IfNotPresent') return;
  host.event(pod, 'Normal', 'Pulling', `Pulling image "${container.image}"`, fieldPath);
  const started = Date.now();
  try {
    await host.images.pull(container.image, undefined, { credentials: await pullCredentials(host.config, pod) });
  } catch (err) {
    throw new StartError('ErrImagePull', `failed to pull image "${container.image}": ${(err as Error).message}`);
  }
  host.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${container.image}" in ${Date.now() - started}ms`, fieldPath);
}

/** Creates and starts the container; its image must be present (see pullIfNeeded). */
export async function startContainer(host: PodHost, req: StartRequest): Promise<ContainerInfo> {
  const { pod, container } = req;
  const { lowerDirs, config, record } = host.images.rootfsFor(container.image);
  let env: Map<string, string>;
  let mounts: Mount[];
  let security: ContainerSecurity;
  try {
    security = await securityOf(host, pod, container, config.config?.User);
    const links = serviceEnv(host.services?.() ?? [], pod.metadata.namespace, pod.spec.enableServiceLinks !== false);
    env = await containerEnv(pod, container, host.config, { podIP: req.podIP, hostIP: host.hostIP, nodeName: host.nodeName }, links);
    mounts = containerMounts(container, req.volumes);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError('CreateContainerConfigError', err.message);
    throw err;
  }
  // Kubernetes' command replaces the image's Entrypoint and args its Cmd.
  const process = mergeProcess(config.config, {
    entrypoint: container.command?.map((a: string) => expand(a, env)),
    command: container.args?.map((a: string) => expand(a, env)),
    env: [...env].map(([k, v]) => `${k}=${v}`),
    workingDir: container.workingDir,
  });
  // The securityContext's user replaces the image's whole "user[:group]".
  process.user = security.user;
  if (container.args && !container.command)
    process.args = [...(config.config?.Entrypoint ?? []), ...container.args.map((a: string) => expand(a, env))];
  let info: ContainerInfo;
  try {
    info = await host.runtime.create({
      name: `${pod.metadata.namespace}_${pod.metadata.name}_${container.name}_${req.attempt}_${pod.metadata.uid.slice(0, 8)}`,
      image: { ref: container.image, id: record.id },
      rootfs: { lowerDirs },
      process: { ...process, tty: !!container.tty, stdin: !!container.stdin, stdinOnce: !!container.stdinOnce },
      hostname: pod.spec.hostNetwork ? undefined : (pod.spec.hostname ?? pod.metadata.name),
      etcFiles: podEtcFiles(host, pod, req.podIP),
      mounts,
      resources: resourcesOf(container),
      netns: req.netnsPath,
      security: security.security,
      labels: {
        [LABELS.podUid]: pod.metadata.uid,
        [LABELS.podName]: pod.metadata.name,
        [LABELS.podNamespace]: pod.metadata.namespace,
        [LABELS.container]: container.name,
        [LABELS.attempt]: String(req.attempt),
      },
    });
  } catch (err) {
    throw new StartError('CreateContainerError', (err as Error).message);
  }
  host.event(pod, 'Normal', 'Created', `Created container ${container.name}`, req.fieldPath);
  try {
    await host.runtime.start(info.id);
  } catch (err) {
    throw new StartError('RunContainerError', (err as Error).message);
  }
  host.event(pod, 'Normal', 'Started', `Started container ${container.name}`, req.fieldPath);
  return host.runtime.inspect(info.id);
}

/** The node's bounding set, read once: what privileged and "ALL" mean on this node. */
let nodeCaps: Promise<string[]> | undefined;

async function securityOf(host: PodHost, pod: Obj, container: Obj, imageUser: string | undefined): Promise<ContainerSecurity> {
  nodeCaps ??= nodeCapabilities();
  const sc = effectiveSecurityContext(pod, container);
  const localhost =
    sc.seccompProfile?.type === 'Localhost' ? await loadLocalhostProfile(host.seccompDir, sc.seccompProfile.localhostProfile) : undefined;
  return containerSecurity(pod, container, imageUser, { capabilities: await nodeCaps }, localhost);
}

function resourcesOf(container: Obj): Resources {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const resources: Resources = {};
  const memory = limits.memory ? parseQuantity(limits.memory) : undefined;
  if (memory) resources.memoryBytes = Math.floor(memory);
  const cpuLimit = limits.cpu ? parseQuantity(limits.cpu) : undefined;
  if (cpuLimit) {
    resources.cpuPeriod = 100_000;
    resources.cpuQuota = Math.max(1000, Math.round(cpuLimit * 100_000));
  }
  const cpuRequest = parseQuantity(requests.cpu ?? limits.cpu ?? 0);
  if (cpuRequest) resources.cpuShares = Math.max(2, Math.round(cpuRequest * 1024));
  return resources;
}
