import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from '@stevedore/runtime';
import { ConfigError } from './env';
import { containerSecurity, effectiveSecurityContext, processUser, verifyRunAsNonRoot } from './security-context';

const pod = (spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
  metadata: { name: 'web', namespace: 'default', uid: '0f3c2a10-aaaa-bbbb-cccc-000000000000' },
  spec: { containers: [{ name: 'c', image: 'busybox', ...container }], ...spec },
});
const NODE = { capabilities: ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE') };
const first = (p: ReturnType<typeof pod>) => p.spec.containers[0] ?? {};
const secure = (p: ReturnType<typeof pod>, imageUser?: string, profile?: Record<string, unknown>) =>
  containerSecurity(p, first(p), imageUser, NODE, profile);

describe('effective security context', () => {
  it("lets the container's own fields win over the pod's, and inherits the rest", () => {
    const p = pod(
      { securityContext: { runAsUser: 1, runAsGroup: 2, runAsNonRoot: true, seccompProfile: { type: 'Unconfined' }, fsGroup: 9 } },
      { securityContext: { runAsUser: 5, privileged: false } },
    );
    expect(effectiveSecurityContext(p, first(p))).toEqual({
      runAsUser: 5,
      runAsGroup: 2,
      runAsNonRoot: true,
      seccompProfile: { type: 'Unconfined' },
      privileged: false,
    });
  });
});

describe('runAsNonRoot', () => {
  const check = (sc: Record<string, unknown>, imageUser?: string) => () => {
    const p = pod();
    verifyRunAsNonRoot(p, first(p), sc, imageUser);
  };
  const where = '(pod: "web_default(0f3c2a10-aaaa-bbbb-cccc-000000000000)", container: c)';

  it.each([
    [undefined, `container has runAsNonRoot and image will run as root ${where}`],
    ['0', `container has runAsNonRoot and image will run as root ${where}`],
    ['0:1000', `container has runAsNonRoot and image will run as root ${where}`],
    ['app', `container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root ${where}`],
    ['app:1000', `container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root ${where}`],
  ])('refuses image user %p with the kubelet message', (imageUser, message) => {
    expect(check({ runAsNonRoot: true }, imageUser)).toThrow(new ConfigError(message));
  });

  it('accepts a numeric non-root image user, an explicit non-root runAsUser, and no runAsNonRoot', () => {
    expect(check({ runAsNonRoot: true }, '1000:1000')).not.toThrow();
    expect(check({ runAsNonRoot: true, runAsUser: 7 }, 'app')).not.toThrow();
    expect(check({ runAsNonRoot: false }, undefined)).not.toThrow();
    expect(check({ runAsNonRoot: true, runAsUser: 0 })).toThrow(`container's runAsUser breaks non-root policy ${where}`);
  });
});

describe('process user', () => {
  it.each([
    [{}, undefined, undefined],
    [{}, 'app:staff', 'app:staff'],
    [{ runAsUser: 1000 }, 'app:staff', '1000'],
    [{ runAsUser: 1000, runAsGroup: 3000 }, undefined, '1000:3000'],
    [{ runAsGroup: 3000 }, 'app:staff', 'app:3000'],
    [{ runAsGroup: 3000 }, undefined, '0:3000'],
  ])('%j over image user %p is %p', (sc, imageUser, expected) => {
    expect(processUser(sc, imageUser)).toBe(expected);
  });
});

describe('container security', () => {
  it('defaults as a kubelet with --seccomp-default: default capabilities, RuntimeDefault, no no_new_privs', () => {
    const { user, security } = secure(pod());
    expect(user).toBeUndefined();
    expect(security).toMatchObject({
      privileged: false,
      noNewPrivileges: false,
      seccomp: 'runtime-default',
      readOnlyRootfs: false,
      hostPID: false,
      hostIPC: false,
      procMount: 'Default',
      supplementalGroups: [],
      imageGroups: true,
      sysctls: {},
    });
    expect(new Set(security.capabilities)).toEqual(new Set(DEFAULT_CAPABILITIES));
    expect(security.userNamespace).toBeUndefined();
  });

  it('maps a restricted pod onto the runtime spec', () => {
    const p = pod(
      {
        securityContext: {
          runAsUser: 1000,
          runAsGroup: 3000,
          fsGroup: 2000,
          supplementalGroups: [4000],
          supplementalGroupsPolicy: 'Strict',
        },
        hostPID: true,
        hostIPC: true,
      },
      {
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          seccompProfile: { type: 'Unconfined' },
          procMount: 'Unmasked',
        },
      },
    );
    const { user, security } = secure(p);
    expect(user).toBe('1000:3000');
    expect(security).toMatchObject({
      capabilities: ['CAP_NET_BIND_SERVICE'],
      noNewPrivileges: true,
      seccomp: 'unconfined',
      readOnlyRootfs: true,
      hostPID: true,
      hostIPC: true,
      procMount: 'Unmasked',
      supplementalGroups: [4000, 2000],
      imageGroups: false,
    });
  });

  it('passes a loaded Localhost profile and a privileged flag through, and maps hostUsers: false to a 65536-id range', () => {
    const profile = { defaultAction: 'SCMP_ACT_ALLOW' };
    const p = pod({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } });
    expect(secure(p, undefined, profile).security.seccomp).toEqual({ profile });
    expect(() => secure(p)).toThrow(/seccomp profile "p.json" was not loaded/);
    expect(secure(pod({}, { securityContext: { privileged: true } })).security).toMatchObject({ privileged: true });
    const mapped = secure(pod({ hostUsers: false })).security.userNamespace;
    expect(mapped?.uidMappings).toEqual([{ containerID: 0, hostID: expect.any(Number), size: 65536 }]);
    const hostID = mapped?.uidMappings[0]?.hostID ?? -1;
    expect(hostID % 65536).toBe(0);
    expect(hostID).toBeGreaterThanOrEqual(65536);
    expect(mapped?.gidMappings).toEqual(mapped?.uidMappings);
  });

  it.each([
    [{}, { securityContext: { privileged: true, allowPrivilegeEscalation: false } }, /allowPrivilegeEscalation to false/],
    [{}, { securityContext: { capabilities: { add: ['SYS_ADMIN'] }, allowPrivilegeEscalation: false } }, /CAP_SYS_ADMIN/],
    [{}, { securityContext: { capabilities: { add: ['FLY'] } } }, /unknown capability "FLY"/],
    [{ securityContext: { seLinuxOptions: { level: 's0:c1' } } }, {}, /SELinux is not enabled/],
    [{}, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, /AppArmor is not enabled/],
    [{ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }, {}, /forbidden sysctl: "kernel.msgmax" not allowlisted/],
    [{ hostNetwork: true, securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } }, {}, /host net/],
  ])('refuses what the node cannot honour: %j %j', (spec, container, message) => {
    const p = pod(spec, container);
    expect(() => secure(p)).toThrow(ConfigError);
    expect(() => secure(p)).toThrow(message);
  });

  it('writes safe sysctls, with "/" separators read as dots', () => {
    const p = pod({ securityContext: { sysctls: [{ name: 'net/ipv4/ping_group_range', value: '0 2000' }] } });
    expect(secure(p).security.sysctls).toEqual({ 'net.ipv4.ping_group_range': '0 2000' });
  });
});
