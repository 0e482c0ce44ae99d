import { appArmorProfile, capabilitiesBaseline, procMount, seccompProfileBaseline, sysctls } from './kernel-checks';
import { seLinuxOptions } from './selinux-check';
import { containers, pod } from './testing';

describe('baseline kernel checks', () => {
  it('allows the default capabilities and names the others, sorted', () => {
    const ok = pod({ containers: containers({ securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } } }) });
    expect(capabilitiesBaseline.run(ok, 32)).toBeUndefined();
    const bad = pod({
      containers: containers(
        { securityContext: { capabilities: { add: ['SYS_ADMIN', 'CHOWN'] } } },
        { securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
      ),
    });
    expect(capabilitiesBaseline.run(bad, 32)).toEqual({
      reason: 'non-default capabilities',
      detail: 'containers "c0", "c1" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add',
    });
  });

  it('refuses an unconfined AppArmor profile in the fields and the old annotations', () => {
    expect(appArmorProfile.run(pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }), 32)).toBeUndefined();
    const annotated = pod({}, { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/mine' });
    expect(appArmorProfile.run(annotated, 32)).toBeUndefined();
    const bad = pod(
      { containers: containers({ securityContext: { appArmorProfile: { type: 'Unconfined' } } }) },
      { 'container.apparmor.security.beta.kubernetes.io/c0': 'unconfined' },
    );
    expect(appArmorProfile.run(bad, 32)).toEqual({
      reason: 'forbidden AppArmor profiles',
      detail:
        'container "c0" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/c0=\\"unconfined\\""',
    });
  });

  it('allows only the default /proc mount', () => {
    expect(procMount.run(pod({ containers: containers({ securityContext: { procMount: 'Default' } }) }), 32)).toBeUndefined();
    expect(procMount.run(pod({ containers: containers({ securityContext: { procMount: 'Unmasked' } }) }), 32)).toEqual({
      reason: 'procMount',
      detail: 'container "c0" must not set securityContext.procMount to "Unmasked"',
    });
  });

  it('refuses an Unconfined seccomp profile, from 1.19', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: containers({ securityContext: { seccompProfile: { type: 'Unconfined' } } }, {}),
    };
    expect(seccompProfileBaseline.since).toBe(19);
    expect(seccompProfileBaseline.run(pod(spec), 32)).toEqual({
      reason: 'seccompProfile',
      detail: 'pod and container "c0" must not set securityContext.seccompProfile.type to "Unconfined"',
    });
    expect(seccompProfileBaseline.run(pod({ securityContext: { seccompProfile: { type: 'Localhost' } } }), 32)).toBeUndefined();
  });

  it('allows the safe sysctls of the version evaluated', () => {
    const spec = {
      securityContext: {
        sysctls: [
          { name: 'net.ipv4.tcp_keepalive_time', value: '60' },
          { name: 'kernel.msgmax', value: '1' },
        ],
      },
    };
    expect(sysctls.run(pod(spec), 32)).toEqual({ reason: 'forbidden sysctls', detail: 'kernel.msgmax' });
    expect(sysctls.run(pod(spec), 28)).toEqual({ reason: 'forbidden sysctls', detail: 'net.ipv4.tcp_keepalive_time, kernel.msgmax' });
  });

  it('allows container SELinux types only, and no user or role', () => {
    expect(seLinuxOptions.run(pod({ securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1' } } }), 32)).toBeUndefined();
    const spec = {
      securityContext: { seLinuxOptions: { type: 'spc_t' } },
      containers: containers({ securityContext: { seLinuxOptions: { user: 'system_u', role: 'r' } } }),
    };
    expect(seLinuxOptions.run(pod(spec), 32)).toEqual({
      reason: 'seLinuxOptions',
      detail: 'pod and container "c0" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set',
    });
    const engine = pod({ securityContext: { seLinuxOptions: { type: 'container_engine_t' } } });
    expect(seLinuxOptions.run(engine, 31)).toBeUndefined();
    expect(seLinuxOptions.run(engine, 30)?.detail).toBe('pod set forbidden securityContext.seLinuxOptions: type "container_engine_t"');
  });
});
