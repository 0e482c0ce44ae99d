import { ALL_CAPABILITIES } from './capabilities';
import { securityFields } from './oci-security';
import { DEFAULT_CAPABILITIES, DENIED_SYSCALLS, MASKED_PATHS, READONLY_PATHS } from './security-defaults';

const NODE = { capabilities: ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE'), devices: [] };
const loop0 = { path: '/dev/loop0', type: 'b' as const, major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 };
const denied = (seccomp: Record<string, unknown> | undefined): string[] =>
  (seccomp?.syscalls as { names: string[] }[] | undefined)?.[0]?.names ?? [];

describe('OCI confinement from a SecuritySpec', () => {
  it('keeps the default confinement when nothing is asked', () => {
    const f = securityFields({}, NODE);
    expect(f.capabilities).toEqual(DEFAULT_CAPABILITIES);
    expect(f.noNewPrivileges).toBe(true);
    expect(denied(f.seccomp)).toEqual(DENIED_SYSCALLS);
    expect(f).toMatchObject({ maskedPaths: MASKED_PATHS, readonlyPaths: READONLY_PATHS, namespaces: ['pid', 'ipc'], devices: [] });
    expect(f.deviceRules[0]).toEqual({ allow: false, access: 'rwm' });
    expect(f.writableSysfs).toBe(false);
  });

  it('gives a privileged container the node capabilities and devices, and takes every confinement away', () => {
    const f = securityFields(
      { privileged: true, capabilities: ['CAP_KILL'], seccomp: 'runtime-default', noNewPrivileges: true },
      {
        ...NODE,
        devices: [loop0],
      },
    );
    expect(f.capabilities).toEqual(NODE.capabilities);
    expect(f).toMatchObject({ noNewPrivileges: false, maskedPaths: [], readonlyPaths: [], devices: [loop0], writableSysfs: true });
    expect(f.seccomp).toBeUndefined();
    expect(f.deviceRules).toEqual([{ allow: true, access: 'rwm' }]);
  });

  it('refuses a capability the node itself lacks, naming it', () => {
    expect(() => securityFields({ capabilities: ['CAP_KILL', 'CAP_SYS_RESOURCE'] }, NODE)).toThrow(
      'this node cannot grant CAP_SYS_RESOURCE: its own bounding set lacks them',
    );
  });

  it('lets a granted capability make the syscalls it governs', () => {
    const plain = securityFields({ capabilities: ['CAP_KILL'] }, NODE).seccomp;
    const admin = securityFields({ capabilities: ['CAP_SYS_ADMIN', 'CAP_SYS_PTRACE'] }, NODE).seccomp;
    expect(denied(plain)).toContain('mount');
    expect(denied(admin)).not.toContain('mount');
    expect(denied(admin)).not.toContain('ptrace');
    expect(denied(admin)).toContain('reboot');
    // Namespaces: clone flag rules and the clone3 refusal go with CAP_SYS_ADMIN.
    expect(JSON.stringify(plain)).toContain('clone3');
    expect(JSON.stringify(admin)).not.toContain('clone');
  });

  it('maps seccomp choices, shared namespaces, procMount, a read-only root, sysctls and id mappings', () => {
    const profile = { defaultAction: 'SCMP_ACT_LOG' };
    expect(securityFields({ seccomp: 'unconfined' }, NODE).seccomp).toBeUndefined();
    expect(securityFields({ seccomp: { profile } }, NODE).seccomp).toBe(profile);
    expect(securityFields({ hostPID: true }, NODE).namespaces).toEqual(['ipc']);
    expect(securityFields({ hostIPC: true, hostPID: true }, NODE).namespaces).toEqual([]);
    const unmasked = securityFields({ procMount: 'Unmasked', readOnlyRootfs: true, noNewPrivileges: false }, NODE);
    expect(unmasked).toMatchObject({ maskedPaths: [], readonlyPaths: [], readOnlyRootfs: true, noNewPrivileges: false });
    expect(securityFields({ sysctls: { 'net.ipv4.tcp_syncookies': '1' } }, NODE).sysctl).toEqual({ 'net.ipv4.tcp_syncookies': '1' });
    expect(securityFields({ sysctls: {} }, NODE).sysctl).toBeUndefined();
    const range = [{ containerID: 0, hostID: 65536, size: 65536 }];
    const userns = securityFields({ userNamespace: { uidMappings: range, gidMappings: range } }, NODE);
    expect(userns.namespaces).toEqual(['pid', 'ipc', 'user']);
    expect(userns.idMappings).toEqual({ uidMappings: range, gidMappings: range });
  });
});
