import { allowPrivilegeEscalation, restrictedVolumes, runAsNonRoot, runAsUser } from './restricted-checks';
import { capabilitiesRestricted, seccompProfileRestricted } from './restricted-kernel-checks';
import { containers, pod, restrictedPod } from './testing';

describe('restricted checks', () => {
  const compliant = restrictedPod();

  it('passes a pod that follows every rule', () => {
    for (const check of [
      allowPrivilegeEscalation,
      restrictedVolumes,
      runAsNonRoot,
      runAsUser,
      capabilitiesRestricted,
      seccompProfileRestricted,
    ]) {
      expect(check.run(compliant, 32)).toBeUndefined();
    }
  });

  it('requires allowPrivilegeEscalation=false on every container', () => {
    expect(allowPrivilegeEscalation.run(pod(), 32)).toEqual({
      reason: 'allowPrivilegeEscalation != false',
      detail: 'container "c" must set securityContext.allowPrivilegeEscalation=false',
    });
  });

  it('names volumes of restricted types and the types', () => {
    const volumes = [
      { name: 'root', hostPath: { path: '/' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'd' } },
      { name: 'share', nfs: { server: 's', path: '/' } },
    ];
    expect(restrictedVolumes.run(pod({ volumes: volumes.slice(0, 1) }), 32)).toEqual({
      reason: 'restricted volume types',
      detail: 'volume "root" uses restricted volume type "hostPath"',
    });
    expect(restrictedVolumes.run(pod({ volumes }), 32)?.detail).toBe(
      'volumes "root", "share" use restricted volume types "hostPath", "nfs"',
    );
    expect(restrictedVolumes.overrides).toEqual(['hostPathVolumes']);
  });

  it('requires runAsNonRoot at pod or container level, and refuses false anywhere', () => {
    expect(runAsNonRoot.run(pod({ containers: containers({}, { securityContext: { runAsNonRoot: true } }) }), 32)).toEqual({
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "c0" must set securityContext.runAsNonRoot=true',
    });
    const explicit = pod({ securityContext: { runAsNonRoot: true }, containers: containers({ securityContext: { runAsNonRoot: false } }) });
    expect(runAsNonRoot.run(explicit, 32)?.detail).toBe('container "c0" must not set securityContext.runAsNonRoot=false');
  });

  it('refuses runAsUser=0 from 1.23', () => {
    const root = pod({
      securityContext: { runAsUser: 0 },
      containers: containers({ securityContext: { runAsUser: 0 } }, { securityContext: { runAsUser: 1000 } }),
    });
    expect(runAsUser.run(root, 32)).toEqual({ reason: 'runAsUser=0', detail: 'pod and container "c0" must not set runAsUser=0' });
    expect(runAsUser.since).toBe(23);
  });

  it('requires a confined seccomp profile set on the pod or each container', () => {
    expect(
      seccompProfileRestricted.run(
        pod({ containers: containers({}, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }) }),
        32,
      ),
    ).toEqual({
      reason: 'seccompProfile',
      detail: 'pod or container "c0" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    });
    const unconfined = pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } });
    expect(seccompProfileRestricted.run(unconfined, 32)?.detail).toBe(
      'pod must not set securityContext.seccompProfile.type to "Unconfined"; pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    );
  });

  it('requires dropping ALL capabilities and adding back only NET_BIND_SERVICE', () => {
    const spec = {
      containers: containers(
        { securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } },
        { securityContext: { capabilities: { drop: ['NET_RAW'], add: ['SYS_TIME', 'CHOWN'] } } },
      ),
    };
    expect(capabilitiesRestricted.run(pod(spec), 32)).toEqual({
      reason: 'unrestricted capabilities',
      detail:
        'container "c1" must set securityContext.capabilities.drop=["ALL"]; container "c1" must not include "CHOWN", "SYS_TIME" in securityContext.capabilities.add',
    });
  });
});
