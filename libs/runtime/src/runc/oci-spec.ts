// Builds the OCI runtime spec (bundle/config.json) runc runs a container from.
import * as path from 'path';
import type { ContainerCreateSpec } from '../container-runtime';
import { invalidArgument } from '../errors';
import { DEFAULT_CAPABILITIES, DEFAULT_DEVICES, MASKED_PATHS, READONLY_PATHS, seccompProfile } from './security-defaults';
import type { ResolvedUser } from './user-lookup';

export interface SpecInputs {
  spec: ContainerCreateSpec;
  user: ResolvedUser;
  /** The container's own files bind-mounted over /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles: { hostname: string; hosts: string; resolvConf: string };
  cgroupsPath: string;
  hostname: string;
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

function standardMounts(etc: SpecInputs['etcFiles']) {
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
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
    bind(etc.hostname, '/etc/hostname'),
    bind(etc.hosts, '/etc/hosts'),
    bind(etc.resolvConf, '/etc/resolv.conf'),
  ];
}

function resources(spec: ContainerCreateSpec) {
  const r = spec.resources ?? {};
  return {
    devices: [
      { allow: false, access: 'rwm' },
      ...DEFAULT_DEVICES.map((d) => ({ allow: true, type: 'c', major: d.major, minor: d.minor, access: 'rwm' })),
      { allow: true, type: 'c', major: 136, access: 'rwm' },
      { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
    ],
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

export function buildOciSpec(inputs: SpecInputs): Record<string, unknown> {
  const { spec, user } = inputs;
  if (spec.process.args.length === 0) throw invalidArgument('no command specified: the image has no Cmd or Entrypoint and none was given');
  if (!spec.process.cwd.startsWith('/')) throw invalidArgument(`working directory ${spec.process.cwd} must be an absolute path`);
  const caps = DEFAULT_CAPABILITIES;
  const namespaces: { type: string; path?: string }[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
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
      noNewPrivileges: true,
      oomScoreAdj: 0,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: inputs.hostname,
    mounts: [...standardMounts(inputs.etcFiles), ...userMounts(spec)],
    linux: {
      cgroupsPath: inputs.cgroupsPath,
      resources: resources(spec),
      namespaces,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
      seccomp: seccompProfile(),
    },
  };
}
