// What an update may change in a pod's spec, as kube-apiserver's ValidatePodUpdate: images,
// activeDeadlineSeconds (set or shortened), tolerations (added to), a negative grace period
// raised to 1, and removing scheduling gates. Anything else is refused: the node runs the pod as
// created, so a changed command or volume would be stored but never happen.
import { isDeepStrictEqual } from 'util';
import type { Container, PodSpec, Toleration } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

const ALLOWED =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Plain JSON, so that key order and keys holding undefined do not count as changes. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null));

export function podUpdateRules(spec: PodSpec, old: PodSpec, causes: Cause[]): void {
  // Most pod updates (every status report) leave the spec alone: no copies for them.
  if (spec === old || isDeepStrictEqual(spec, old)) return;
  const allowedReverted = revertAllowedChanges(plain(spec), old);
  const changed = changedFields(allowedReverted, plain(old));
  if (!changed.length) return;
  causes.push({ reason: 'FieldValueForbidden', field: 'spec', message: `Forbidden: ${ALLOWED} (changed: ${changed.join(', ')})` });
}

/** `spec` with every change an update may make put back to the old value. */
function revertAllowedChanges(spec: PodSpec, old: PodSpec): PodSpec {
  const sameImages = (next: Container[] | undefined, before: Container[] | undefined) =>
    next?.forEach((c, i) => {
      if (before?.[i]) c.image = before[i].image;
    });
  sameImages(spec.containers, old.containers);
  sameImages(spec.initContainers, old.initContainers);
  if (deadlineAllowed(spec.activeDeadlineSeconds, old.activeDeadlineSeconds)) spec.activeDeadlineSeconds = old.activeDeadlineSeconds;
  if (keepsAll(spec.tolerations ?? [], old.tolerations ?? [])) spec.tolerations = old.tolerations;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1)
    spec.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  // Left out, they are kept by priority admission, which runs after these rules here.
  if (spec.priority === undefined) spec.priority = old.priority;
  if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = old.preemptionPolicy;
  // Gates have their own rule (only removal); a gated pod's node selector may still be narrowed.
  spec.schedulingGates = old.schedulingGates;
  if (old.schedulingGates?.length && keepsAllLabels(spec.nodeSelector, old.nodeSelector)) spec.nodeSelector = old.nodeSelector;
  return plain(spec);
}

/** Set when unset, or shortened; never removed. */
function deadlineAllowed(next: number | undefined, before: number | undefined): boolean {
  if (next === undefined) return before === undefined;
  return before === undefined ? next > 0 : next > 0 && next <= before;
}

function keepsAll(next: Toleration[], before: Toleration[]): boolean {
  return before.every((t) => next.some((n) => isDeepStrictEqual(plain(n), plain(t))));
}

function keepsAllLabels(next: Record<string, string> | undefined, before: Record<string, string> | undefined): boolean {
  return Object.entries(before ?? {}).every(([k, v]) => next?.[k] === v);
}

/** The top-level spec fields that differ, for the message (Kubernetes prints a whole diff). */
function changedFields(next: PodSpec, before: PodSpec): string[] {
  const keys = new Set([...Object.keys(next ?? {}), ...Object.keys(before ?? {})]) as Set<keyof PodSpec>;
  return [...keys].filter((k) => !isDeepStrictEqual(next?.[k], before?.[k])).map((k) => `spec.${k}`);
}
