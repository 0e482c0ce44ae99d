import type { ContainerCreateSpec } from '../container-runtime';
import { buildOciSpec } from './oci-spec';
import { DEFAULT_CAPABILITIES } from './security-defaults';

describe('OCI runtime spec', () => {
  const spec = (extra: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({
    name: 'c',
    image: { ref: 'x', id: 'y' },
    rootfs: { lowerDirs: ['/l'] },
    process: { args: ['sh'], env: ['A=1'], cwd: '/' },
    ...extra,
  });
  const build = (extra: Partial<ContainerCreateSpec> = {}) =>
    buildOciSpec({
      spec: spec(extra),
      user: { uid: 1000, gid: 1000, additionalGids: [] },
      cgroupsPath: '/stevedore/id',
      hostname: 'h',
      etcFiles: { hostname: '/s/hostname', hosts: '/s/hosts', resolvConf: '/s/resolv.conf' },
    }) as any;

  it('confines by default and maps resources', () => {
    const s = build({ resources: { memoryBytes: 64 << 20, cpuQuota: 50000, cpuPeriod: 100000, pidsLimit: 20 } });
    expect(s.process.capabilities.bounding).toEqual(DEFAULT_CAPABILITIES);
    expect(s.process.noNewPrivileges).toBe(true);
    expect(s.linux.maskedPaths).toContain('/proc/kcore');
    expect(s.linux.readonlyPaths).toContain('/proc/sysrq-trigger');
    expect(s.linux.namespaces.map((n: { type: string }) => n.type)).toEqual(['pid', 'ipc', 'uts', 'mount', 'network']);
    expect(s.linux.resources).toMatchObject({ memory: { limit: 64 << 20 }, cpu: { quota: 50000, period: 100000 }, pids: { limit: 20 } });
    expect(s.linux.resources.devices[0]).toEqual({ allow: false, access: 'rwm' });
    expect(s.linux.seccomp.defaultAction).toBe('SCMP_ACT_ALLOW');
    expect(s.process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [] });
  });

  it('joins a given network namespace and binds user mounts', () => {
    const s = build({
      netns: '/var/run/netns/pod1',
      mounts: [
        { source: '/data', destination: '/data', readOnly: true },
        { source: '', destination: '/scratch', type: 'tmpfs' },
      ],
    });
    expect(s.linux.namespaces).toContainEqual({ type: 'network', path: '/var/run/netns/pod1' });
    expect(s.mounts).toContainEqual({ destination: '/data', type: 'bind', source: '/data', options: ['rbind', 'rprivate', 'ro'] });
    expect(s.mounts.find((m: { destination: string }) => m.destination === '/scratch').type).toBe('tmpfs');
  });

  it('applies a SecuritySpec: privileged sysfs and devices, a read-only root, shared namespaces, id mappings', () => {
    const loop0 = { path: '/dev/loop0', type: 'b' as const, major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 };
    const privileged = buildOciSpec({
      spec: spec({ security: { privileged: true, readOnlyRootfs: true, hostPID: true } }),
      user: { uid: 0, gid: 0, additionalGids: [] },
      cgroupsPath: '/stevedore/id',
      hostname: 'h',
      etcFiles: { hostname: '/s/hostname', hosts: '/s/hosts', resolvConf: '/s/resolv.conf' },
      node: { capabilities: ['CAP_KILL', 'CAP_SYS_ADMIN'], devices: [loop0] },
    }) as any;
    expect(privileged.root.readonly).toBe(true);
    expect(privileged.process.capabilities.effective).toEqual(['CAP_KILL', 'CAP_SYS_ADMIN']);
    expect(privileged.process.noNewPrivileges).toBe(false);
    expect(privileged.linux.seccomp).toBeUndefined();
    expect(privileged.linux.devices).toEqual([loop0]);
    expect(privileged.linux.namespaces.map((n: { type: string }) => n.type)).toEqual(['ipc', 'uts', 'mount', 'network']);
    expect(privileged.mounts.find((m: { destination: string }) => m.destination === '/sys').options).toContain('rw');
    const range = [{ containerID: 0, hostID: 65536, size: 65536 }];
    const userns = build({ security: { userNamespace: { uidMappings: range, gidMappings: range }, seccomp: 'unconfined' } });
    expect(userns.linux).toMatchObject({ uidMappings: range, gidMappings: range });
    expect(userns.linux.seccomp).toBeUndefined();
    expect(userns.mounts.find((m: { destination: string }) => m.destination === '/sys').options).toContain('ro');
  });

  it.each([
    [{ mounts: [{ source: '/x', destination: '/a/../etc' }] }, /must not contain/],
    [{ mounts: [{ source: 'relative', destination: '/a' }] }, /must be an absolute path/],
    [{ process: { args: [], env: [], cwd: '/' } }, /no command specified/],
    [{ process: { args: ['sh'], env: [], cwd: 'relative' } }, /working directory/],
  ])('rejects %j', (extra, message) => {
    expect(() => build(extra as Partial<ContainerCreateSpec>)).toThrow(message);
  });
});
