import { checksFor, evaluatePod, violationsText } from './evaluate';
import { pod, restrictedPod } from './testing';

const privilegedWithRoot = pod({
  volumes: [{ name: 'root', hostPath: { path: '/' } }],
  containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }],
});

describe('evaluatePod', () => {
  it('lists baseline violations in Kubernetes order (check IDs sorted), with its wording', () => {
    const text = violationsText(evaluatePod({ level: 'baseline' }, privilegedWithRoot));
    expect(text).toBe('hostPath volumes (volume "root"), privileged (container "c" must not set securityContext.privileged=true)');
  });

  it('runs nothing at the privileged level', () => {
    expect(evaluatePod({ level: 'privileged' }, privilegedWithRoot)).toEqual([]);
    expect(checksFor({ level: 'privileged' })).toEqual([]);
  });

  it('adds the restricted checks after the baseline ones, replacing those they override', () => {
    const ids = checksFor({ level: 'restricted' }).map((c) => c.id);
    expect(ids).not.toContain('hostPathVolumes');
    expect(ids).not.toContain('capabilities_baseline');
    expect(ids).not.toContain('seccompProfile_baseline');
    expect(ids.indexOf('windowsHostProcess')).toBeLessThan(ids.indexOf('allowPrivilegeEscalation'));
    expect(violationsText(evaluatePod({ level: 'restricted' }, pod()))).toBe(
      'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(evaluatePod({ level: 'restricted' }, restrictedPod())).toEqual([]);
  });

  it('evaluates a pinned version with the checks of that version', () => {
    const reasons = (minor: number) => evaluatePod({ level: 'restricted', minor }, pod()).map((v) => v.reason);
    expect(reasons(18)).toEqual(['allowPrivilegeEscalation != false', 'runAsNonRoot != true']);
    expect(reasons(22)).toContain('unrestricted capabilities');
  });

  it('skips the Linux-only restricted checks for Windows pods from 1.25', () => {
    const windows = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } });
    expect(evaluatePod({ level: 'restricted' }, windows)).toEqual([]);
    expect(evaluatePod({ level: 'restricted', minor: 24 }, windows).map((v) => v.reason)).toEqual([
      'allowPrivilegeEscalation != false',
      'unrestricted capabilities',
      'seccompProfile',
    ]);
  });
});
