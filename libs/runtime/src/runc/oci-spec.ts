// Builds the OCI runtime spec (bundle/config.json) runc runs a container from.
import * as path from 'path';
import type { ContainerCreateSpec } from '../container-runtime';
import { invalidArgument } from '../errors';
import { ALL_CAPABILITIES } from './capabilities';
import type { DeviceNode } from './host-devices';
import { type NodePrivileges, type SecurityFields, securityFields } from './oci-security';
import type { ResolvedUser } from './user-lookup';

export interface SpecInputs {
  spec: ContainerCreateSpec;
  user: ResolvedUser;
  /** The container's own files bind-mounted over /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles: { hostname: string; hosts: string; resolvConf: string };
  cgroupsPath: string;
  hostname: string;
  /** What the node can grant; absent = every capability and no host devices. */
  node?: NodePrivileges;
}

function checkDestination(dest: string): void {
  if (!dest.startsWith('/')) throw invalidArgument(`mount destination ${dest} must be an absolute path`);
  if (dest.split('/').includes('..')) throw invalidArgument(`mount destination ${dest} must not contain ".."`);
}

function userMounts(spec: ContainerCreateSpec) {
  return (spec.mounts ?? []).map((m) => {
    checkDestination(m.destination);
    if (m.type === 'tmpfs') {
      return {
        destination: m.destination,
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nosuid', 'nodev', 'mode=1777', ...(m.readOnly ? ['ro'] : [])],
      };
    }
    if (!path.isAbsolute(m.source)) throw invalidArgument(`bind mount source ${m.source} must be an absolute path`);
    return { destination: m.destination, type: 'bind', source: m.source, options: ['rbind', 'rprivate', m.readOnly ? 'ro' : 'rw'] };
  });
}

function standardMounts(etc: SpecInputs['etcFiles'], writableSysfs: boolean) {
  const sysMode = writableSysfs ? 'rw' : 'ro';
  const bind = (source: string, destination: string) => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate', 'rw'] });
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', sysMode] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', sysMode] },
    bind(etc.hostname, '/etc/hostname'),
    bind(etc.hosts, '/etc/hosts'),
    bind(etc.resolvConf, '/etc/resolv.conf'),
  ];
}

function resources(spec: ContainerCreateSpec, deviceRules: SecurityFields['deviceRules']) {
  const r = spec.resources ?? {};
  return {
    devices: deviceRules,
    ...(r.memoryBytes ? { memory: { limit: r.memoryBytes, swap: r.memoryBytes } } : {}),
    ...(r.cpuQuota || r.cpuShares
      ? {
          cpu: {
            ...(r.cpuQuota ? { quota: r.cpuQuota, period: r.cpuPeriod ?? 100000 } : {}),
            ...(r.cpuShares ? { shares: r.cpuShares } : {}),
          },
        }
      : {}),
    ...(r.pidsLimit ? { pids: { limit: r.pidsLimit } } : {}),
  };
}

const ociDevice = (d: DeviceNode) => ({
  path: d.path,
  type: d.type,
  major: d.major,
  minor: d.minor,
  fileMode: d.fileMode,
  uid: d.uid,
  gid: d.gid,
});

export function buildOciSpec(inputs: SpecInputs): Record<string, unknown> {
  const { spec, user } = inputs;
  if (spec.process.args.length === 0) throw invalidArgument('no command specified: the image has no Cmd or Entrypoint and none was given');
  if (!spec.process.cwd.startsWith('/')) throw invalidArgument(`working directory ${spec.process.cwd} must be an absolute path`);
  const sec = securityFields(spec.security ?? {}, inputs.node ?? { capabilities: ALL_CAPABILITIES, devices: [] });
  const caps = sec.capabilities;
  const namespaces: { type: string; path?: string }[] = [...sec.namespaces.map((type) => ({ type })), { type: 'uts' }, { type: 'mount' }];
  // 'host' shares the node's network (hostNetwork pods); otherwise join the pod's or get a fresh one.
  if (spec.netns !== 'host') namespaces.push(spec.netns ? { type: 'network', path: spec.netns } : { type: 'network' });
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: spec.process.tty ?? false,
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: spec.process.args,
      env: spec.process.env,
      cwd: spec.process.cwd,
      capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [] },
      noNewPrivileges: sec.noNewPrivileges,
      oomScoreAdj: 0,
    },
    root: { path: 'rootfs', readonly: sec.readOnlyRootfs },
    hostname: inputs.hostname,
    mounts: [...standardMounts(inputs.etcFiles, sec.writableSysfs), ...userMounts(spec)],
    linux: {
      cgroupsPath: inputs.cgroupsPath,
      resources: resources(spec, sec.deviceRules),
      namespaces,
      maskedPaths: sec.maskedPaths,
      readonlyPaths: sec.readonlyPaths,
      ...(sec.devices.length ? { devices: sec.devices.map(ociDevice) } : {}),
      ...(sec.seccomp ? { seccomp: sec.seccomp } : {}),
      ...(sec.sysctl ? { sysctl: sec.sysctl } : {}),
      ...(sec.idMappings ? { uidMappings: sec.idMappings.uidMappings, gidMappings: sec.idMappings.gidMappings } : {}),
    },
  };
}
