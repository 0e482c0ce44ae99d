// A container's securityContext, as the kubelet reads it: pod-level settings merged under the
// container's own, checked against what the image and the node can honour, then turned into the
// runtime's SecuritySpec. Pure: the node's capabilities and any Localhost seccomp profile come in.
// Whatever cannot be honoured is refused with a ConfigError (CreateContainerConfigError), never dropped.
import type { SecuritySpec } from '@stevedore/runtime';
import { ConfigError } from './env';
import type { Obj } from './pod-status';
import { capabilitySet } from './security-capabilities';
import { podSysctls } from './security-sysctls';

/** Fields a container's securityContext overrides from the pod's (Kubernetes' DetermineEffectiveSecurityContext). */
const INHERITED = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile', 'windowsOptions'];

export function effectiveSecurityContext(pod: Obj, container: Obj): Obj {
  const podSc = pod.spec.securityContext ?? {};
  const merged: Obj = { ...(container.securityContext ?? {}) };
  for (const field of INHERITED) if (merged[field] === undefined && podSc[field] !== undefined) merged[field] = podSc[field];
  return merged;
}

/** The kubelet's name for a pod in messages: name_namespace(uid). */
const podRef = (pod: Obj) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

/** The kubelet's runAsNonRoot check, with its messages. */
export function verifyRunAsNonRoot(pod: Obj, container: Obj, sc: Obj, imageUser: string | undefined): void {
  if (!sc.runAsNonRoot) return;
  const where = `(pod: "${podRef(pod)}", container: ${container.name})`;
  if (sc.runAsUser !== undefined) {
    if (Number(sc.runAsUser) === 0) throw new ConfigError(`container's runAsUser breaks non-root policy ${where}`);
    return;
  }
  const user = (imageUser ?? '').split(':')[0] ?? '';
  if (user === '' || user === '0' || /^0+$/.test(user))
    throw new ConfigError(`container has runAsNonRoot and image will run as root ${where}`);
  if (!/^\d+$/.test(user))
    throw new ConfigError(`container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root ${where}`);
}

/** The user the process runs as ("uid[:gid]" or the image's name form), or undefined for the image's own. */
export function processUser(sc: Obj, imageUser: string | undefined): string | undefined {
  const [imageUid, imageGid] = (imageUser ?? '').split(':');
  if (sc.runAsUser === undefined && sc.runAsGroup === undefined) return imageUser || undefined;
  const uid = sc.runAsUser !== undefined ? String(sc.runAsUser) : imageUid || '0';
  // An explicit runAsUser makes the image's group meaningless (it was chosen for another user).
  const gid = sc.runAsGroup !== undefined ? String(sc.runAsGroup) : sc.runAsUser === undefined ? imageGid : undefined;
  return gid ? `${uid}:${gid}` : uid;
}

function refuseUnsupported(sc: Obj, nodeHas: NodeSecurity): void {
  if (sc.seLinuxOptions && Object.keys(sc.seLinuxOptions).length && !nodeHas.selinux)
    throw new ConfigError('seLinuxOptions cannot be honoured: SELinux is not enabled on this node');
  const appArmor = sc.appArmorProfile?.type;
  if (appArmor && appArmor !== 'Unconfined' && !nodeHas.apparmor)
    throw new ConfigError(`appArmorProfile ${appArmor} cannot be honoured: AppArmor is not enabled on this node`);
  if (sc.windowsOptions?.hostProcess) throw new ConfigError('windowsOptions.hostProcess cannot be honoured on a Linux node');
}

function seccompChoice(sc: Obj, localhostProfile: Record<string, unknown> | undefined): SecuritySpec['seccomp'] {
  const profile = sc.seccompProfile;
  // No profile: the runtime's default, as a kubelet started with --seccomp-default.
  if (!profile?.type || profile.type === 'RuntimeDefault') return 'runtime-default';
  if (profile.type === 'Unconfined') return 'unconfined';
  if (profile.type === 'Localhost') {
    if (!localhostProfile) throw new ConfigError(`seccomp profile "${profile.localhostProfile ?? ''}" was not loaded`);
    return { profile: localhostProfile };
  }
  throw new ConfigError(`seccompProfile.type "${profile.type}" is not one of RuntimeDefault, Unconfined, Localhost`);
}

/** What the node offers, found once by the agent. */
export interface NodeSecurity {
  /** The node's bounding set: what "ALL" and privileged mean here. */
  capabilities: string[];
  selinux?: boolean;
  apparmor?: boolean;
}

export interface ContainerSecurity {
  user?: string;
  security: SecuritySpec;
}

export function containerSecurity(
  pod: Obj,
  container: Obj,
  imageUser: string | undefined,
  node: NodeSecurity,
  localhostProfile?: Record<string, unknown>,
): ContainerSecurity {
  const sc = effectiveSecurityContext(pod, container);
  const podSc = pod.spec.securityContext ?? {};
  refuseUnsupported(sc, node);
  verifyRunAsNonRoot(pod, container, sc, imageUser);
  const privileged = !!sc.privileged;
  const capabilities = privileged ? undefined : capabilitySet(sc.capabilities, node.capabilities);
  if (sc.allowPrivilegeEscalation === false && (privileged || capabilities?.includes('CAP_SYS_ADMIN')))
    throw new ConfigError('cannot set allowPrivilegeEscalation to false together with privileged or the CAP_SYS_ADMIN capability');
  const groups = [...(podSc.supplementalGroups ?? []), ...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : [])].map(Number);
  const security: SecuritySpec = {
    privileged,
    ...(capabilities ? { capabilities } : {}),
    // Kubernetes sets no_new_privs only on request (allowPrivilegeEscalation: false).
    noNewPrivileges: sc.allowPrivilegeEscalation === false,
    seccomp: seccompChoice(sc, localhostProfile),
    readOnlyRootfs: !!sc.readOnlyRootFilesystem,
    hostPID: !!pod.spec.hostPID,
    hostIPC: !!pod.spec.hostIPC,
    procMount: sc.procMount === 'Unmasked' ? 'Unmasked' : 'Default',
    supplementalGroups: groups,
    imageGroups: podSc.supplementalGroupsPolicy !== 'Strict',
    sysctls: podSysctls(pod),
    ...(pod.spec.hostUsers === false ? { userNamespace: podIdMappings(pod.metadata.uid) } : {}),
  };
  return { user: processUser(sc, imageUser), security };
}

/** A 65536-id range per pod above the node's own ids, picked from the pod's uid (as the kubelet's allocator does, without the bookkeeping). */
export function podIdMappings(uid: string): NonNullable<SecuritySpec['userNamespace']> {
  const slot = (Number.parseInt(uid.replace(/-/g, '').slice(0, 6), 16) % 32767) + 1;
  const range = [{ containerID: 0, hostID: slot * 65536, size: 65536 }];
  return { uidMappings: range, gidMappings: range };
}
