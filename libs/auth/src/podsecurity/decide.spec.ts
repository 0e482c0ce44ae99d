import { decide, existingPodWarnings } from './decide';
import { policyOf } from './policy';
import { pod } from './testing';

const privilegedWithRoot = pod({
  volumes: [{ name: 'root', hostPath: { path: '/' } }],
  containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }],
});
const BASELINE_TEXT = 'hostPath volumes (volume "root"), privileged (container "c" must not set securityContext.privileged=true)';
const labels = (l: Record<string, string>) =>
  policyOf(Object.fromEntries(Object.entries(l).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]))).policy;

describe('decide', () => {
  it('refuses under enforce with the policy and the violations', () => {
    const decision = decide(labels({ enforce: 'baseline' }), privilegedWithRoot, true);
    expect(decision.forbidden).toBe(`violates PodSecurity "baseline:latest": ${BASELINE_TEXT}`);
    expect(decision.warnings).toEqual([]);
    expect(decision.auditAnnotations).toEqual({ 'pod-security.kubernetes.io/enforce-policy': 'baseline:latest' });
  });

  it('warns under warn, and records audit violations under audit', () => {
    const decision = decide(labels({ warn: 'baseline', audit: 'baseline', 'audit-version': 'v1.30' }), privilegedWithRoot, true);
    expect(decision.forbidden).toBeUndefined();
    expect(decision.warnings).toEqual([`would violate PodSecurity "baseline:latest": ${BASELINE_TEXT}`]);
    expect(decision.auditAnnotations).toEqual({
      'pod-security.kubernetes.io/audit-violations': `would violate PodSecurity "baseline:v1.30": ${BASELINE_TEXT}`,
    });
  });

  it('warns at a stricter warn level than the one it enforces, but does not repeat a refusal', () => {
    const both = labels({ enforce: 'baseline', warn: 'restricted' });
    expect(decide(both, pod(), true).warnings[0]).toMatch(
      /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
    expect(decide(labels({ enforce: 'baseline', warn: 'baseline' }), privilegedWithRoot, true).warnings).toEqual([]);
  });

  it('only warns for a workload template, whatever enforce says', () => {
    const decision = decide(labels({ enforce: 'baseline' }), privilegedWithRoot, false);
    expect(decision.forbidden).toBeUndefined();
    expect(decide(labels({ enforce: 'baseline', warn: 'baseline' }), privilegedWithRoot, false).warnings).toEqual([
      `would violate PodSecurity "baseline:latest": ${BASELINE_TEXT}`,
    ]);
  });

  it('lets anything in an unlabelled namespace', () => {
    expect(decide(labels({}), privilegedWithRoot, true)).toEqual({ warnings: [], auditAnnotations: {} });
  });
});

describe('existingPodWarnings', () => {
  it('groups pods by their reasons, naming the first and counting the others', () => {
    const pods = [
      { name: 'web-2', ...privilegedWithRoot },
      { name: 'web-1', ...privilegedWithRoot },
      { name: 'ok', ...pod() },
      { name: 'net', ...pod({ hostNetwork: true }) },
    ];
    expect(existingPodWarnings('apps', { level: 'baseline' }, pods)).toEqual([
      'existing pods in namespace "apps" violate the new PodSecurity enforce level "baseline:latest"',
      'net: host namespaces',
      'web-1 (and 1 other pods): hostPath volumes, privileged',
    ]);
    expect(existingPodWarnings('apps', { level: 'baseline' }, [{ name: 'ok', ...pod() }])).toEqual([]);
  });
});
