// Helpers that word a check's detail the way Kubernetes does: `container "a"`,
// `containers "a", "b"`, `pod and containers "a"`.
import type { Container, EphemeralContainer, ObjectMeta, PodSpec } from '@stevedore/api';

/** What the checks read of a pod or a workload's pod template. */
export interface PodView {
  metadata?: Pick<ObjectMeta, 'annotations'>;
  spec: PodSpec;
}

/** A failed check: a short reason and, usually, which parts of the pod fail it. */
export interface Violation {
  reason: string;
  detail?: string;
}

export type AnyContainer = Container | EphemeralContainer;

/** Every container in Kubernetes' visiting order: init, regular, then ephemeral containers. */
export function containersOf(spec: PodSpec): AnyContainer[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

export function joinQuote(items: readonly (string | number)[]): string {
  return items.map((i) => JSON.stringify(String(i))).join(', ');
}

/** `container "a"` or `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** `pod`, `containers "a"` or `pod and container "a"`: who set a forbidden value, undefined if none did. */
export function settersPhrase(pod: boolean, containers: readonly string[]): string | undefined {
  const setters = [...(pod ? ['pod'] : []), ...(containers.length ? [containersPhrase(containers)] : [])];
  return setters.length ? setters.join(' and ') : undefined;
}

/** Sorted distinct values, as Kubernetes lists the bad values it found. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
