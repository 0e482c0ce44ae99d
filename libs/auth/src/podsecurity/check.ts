// What a Pod Security check is: one rule of the standard, at one level, from one version on.
import type { PodView, Violation } from './describe';

export interface Check {
  /** Kubernetes' check ID; checks run, and their violations are listed, in ID order. */
  id: string;
  level: 'baseline' | 'restricted';
  /** The first minor version of the standard with this check. */
  since: number;
  /** Baseline checks this one replaces at the restricted level (a stricter form of the same rule). */
  overrides?: string[];
  /** From this minor version on the check does not apply to pods with `spec.os.name: windows`. */
  linuxOnlySince?: number;
  /** The violation, or undefined when the pod passes; `minor` is the version being evaluated. */
  run(pod: PodView, minor: number): Violation | undefined;
}
