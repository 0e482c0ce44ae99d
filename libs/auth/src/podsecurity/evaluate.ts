// Evaluates a pod (or a pod template) against a level and version of the Pod Security Standards:
// the pure heart of the PodSecurity admission plugin.
import type { Check } from './check';
import type { PodView, Violation } from './describe';
import { hostNamespaces, hostPathVolumes, hostPorts, privileged, windowsHostProcess } from './host-checks';
import { appArmorProfile, capabilitiesBaseline, procMount, seccompProfileBaseline, sysctls } from './kernel-checks';
import { effectiveMinor, type LevelVersion } from './policy';
import { allowPrivilegeEscalation, restrictedVolumes, runAsNonRoot, runAsUser } from './restricted-checks';
import { capabilitiesRestricted, seccompProfileRestricted } from './restricted-kernel-checks';
import { seLinuxOptions } from './selinux-check';

const byId = (a: Check, b: Check) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Baseline checks first, then restricted ones, each in ID order: the order Kubernetes lists violations in. */
export const CHECKS: readonly Check[] = [
  ...[
    appArmorProfile,
    capabilitiesBaseline,
    hostNamespaces,
    hostPathVolumes,
    hostPorts,
    privileged,
    procMount,
    seLinuxOptions,
    seccompProfileBaseline,
    sysctls,
    windowsHostProcess,
  ].sort(byId),
  ...[allowPrivilegeEscalation, capabilitiesRestricted, restrictedVolumes, runAsNonRoot, runAsUser, seccompProfileRestricted].sort(byId),
];

/** The checks a level runs at a version: restricted adds its own and drops the baseline ones it overrides. */
export function checksFor(lv: LevelVersion): Check[] {
  if (lv.level === 'privileged') return [];
  const minor = effectiveMinor(lv);
  const active = CHECKS.filter((c) => c.since <= minor && (lv.level === 'restricted' || c.level === 'baseline'));
  const overridden = new Set(active.flatMap((c) => c.overrides ?? []));
  return active.filter((c) => !overridden.has(c.id));
}

/** Every way the pod violates the level, in Kubernetes' order; empty when it complies. */
export function evaluatePod(lv: LevelVersion, pod: PodView): Violation[] {
  const minor = effectiveMinor(lv);
  const windows = pod.spec.os?.name === 'windows';
  return checksFor(lv)
    .filter((c) => !(windows && c.linuxOnlySince !== undefined && minor >= c.linuxOnlySince))
    .map((c) => c.run(pod, minor))
    .filter((v): v is Violation => v !== undefined);
}

/** `privileged (container "c" must not set …), hostPath volumes (volume "root")`. */
export function violationsText(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
}
