// The confinement part of the OCI config, from a SecuritySpec: capabilities, no_new_privs,
// seccomp, masked paths, devices and the namespaces shared with the node. Pure, so every
// combination is checked by unit specs; the node's own capabilities and devices come in as data.
import { precondition } from '../errors';
import type { SecuritySpec } from '../security-spec';
import type { DeviceNode } from './host-devices';
import { DEFAULT_CAPABILITIES, DEFAULT_DEVICES, MASKED_PATHS, READONLY_PATHS, seccompProfile } from './security-defaults';

/** What the node itself holds: a privileged container gets all of it, nobody gets more. */
export interface NodePrivileges {
  capabilities: string[];
  /** Only needed (and only read) for privileged containers. */
  devices: DeviceNode[];
}

export interface SecurityFields {
  capabilities: string[];
  noNewPrivileges: boolean;
  seccomp?: Record<string, unknown>;
  maskedPaths: string[];
  readonlyPaths: string[];
  /** Namespaces to create (besides uts, mount and network, which every container has). */
  namespaces: string[];
  /** Device nodes made inside the container, beyond runc's own defaults. */
  devices: DeviceNode[];
  /** The devices cgroup rules. */
  deviceRules: Record<string, unknown>[];
  /** /sys and /sys/fs/cgroup writable. */
  writableSysfs: boolean;
  readOnlyRootfs: boolean;
  sysctl?: Record<string, string>;
  idMappings?: SecuritySpec['userNamespace'];
}

function defaultDeviceRules(): Record<string, unknown>[] {
  return [
    { allow: false, access: 'rwm' },
    ...DEFAULT_DEVICES.map((d) => ({ allow: true, type: 'c', major: d.major, minor: d.minor, access: 'rwm' })),
    { allow: true, type: 'c', major: 136, access: 'rwm' },
    { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
  ];
}

function grantedCapabilities(sec: SecuritySpec, node: NodePrivileges): string[] {
  if (sec.privileged) return node.capabilities;
  // The default set shrinks to what the node has; an explicit request must be met in full.
  if (!sec.capabilities) return DEFAULT_CAPABILITIES.filter((cap) => node.capabilities.includes(cap));
  const wanted = sec.capabilities;
  // runc would fail with a bare EPERM; say which capability the node lacks instead.
  const missing = wanted.filter((cap) => !node.capabilities.includes(cap));
  if (missing.length) throw precondition(`this node cannot grant ${missing.join(', ')}: its own bounding set lacks them`);
  return wanted;
}

function seccompFor(sec: SecuritySpec, capabilities: string[]): Record<string, unknown> | undefined {
  if (sec.privileged) return undefined;
  const choice = sec.seccomp ?? 'runtime-default';
  if (choice === 'unconfined') return undefined;
  if (choice === 'runtime-default') return seccompProfile(capabilities);
  return choice.profile;
}

export function securityFields(sec: SecuritySpec, node: NodePrivileges): SecurityFields {
  const capabilities = grantedCapabilities(sec, node);
  const unmasked = sec.privileged || sec.procMount === 'Unmasked';
  const namespaces = [...(sec.hostPID ? [] : ['pid']), ...(sec.hostIPC ? [] : ['ipc']), ...(sec.userNamespace ? ['user'] : [])];
  const sysctl = sec.sysctls && Object.keys(sec.sysctls).length ? sec.sysctls : undefined;
  return {
    capabilities,
    noNewPrivileges: sec.privileged ? false : (sec.noNewPrivileges ?? true),
    seccomp: seccompFor(sec, capabilities),
    maskedPaths: unmasked ? [] : MASKED_PATHS,
    readonlyPaths: unmasked ? [] : READONLY_PATHS,
    namespaces,
    devices: sec.privileged ? node.devices : [],
    deviceRules: sec.privileged ? [{ allow: true, access: 'rwm' }] : defaultDeviceRules(),
    writableSysfs: !!sec.privileged,
    readOnlyRootfs: !!sec.readOnlyRootfs,
    ...(sysctl ? { sysctl } : {}),
    ...(sec.userNamespace ? { idMappings: sec.userNamespace } : {}),
  };
}
