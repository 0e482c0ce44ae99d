// The conditions a Terminating namespace shows, as Kubernetes' namespace controller writes them:
// what is left in it (NamespaceContentRemaining) and which finalizers hold it back
// (NamespaceFinalizersRemaining), beside the three failure conditions, here always False.
import type { NamespaceCondition } from '@stevedore/api';

/** What one resource still has in the namespace. */
export interface Remaining {
  /** `pods` for the core group, `widgets.example.com` otherwise (a GroupResource's string). */
  resource: string;
  count: number;
  /** Finalizer → how many of the remaining objects carry it. */
  finalizers: Map<string, number>;
}

type Cond = Omit<NamespaceCondition, 'lastTransitionTime'>;

function contentRemaining(left: Remaining[]): Cond {
  const parts = left.filter((r) => r.count > 0).map((r) => `${r.resource} has ${r.count} resource instances`);
  return parts.length
    ? {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${parts.sort().join(', ')}`,
      }
    : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' };
}

function finalizersRemaining(left: Remaining[]): Cond {
  const byFinalizer = new Map<string, number>();
  for (const r of left) for (const [f, n] of r.finalizers) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + n);
  const parts = [...byFinalizer].map(([f, n]) => `${f} in ${n} resource instances`).sort();
  return parts.length
    ? {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}`,
      }
    : {
        type: 'NamespaceFinalizersRemaining',
        status: 'False',
        reason: 'ContentHasNoFinalizers',
        message: 'All content-preserving finalizers finished',
      };
}

const FAILURES: Cond[] = [
  {
    type: 'NamespaceDeletionDiscoveryFailure',
    status: 'False',
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  {
    type: 'NamespaceDeletionGroupVersionParsingFailure',
    status: 'False',
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  {
    type: 'NamespaceDeletionContentFailure',
    status: 'False',
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
];

/**
 * The namespace's new conditions, or undefined when they say what they already say (so the
 * controller writes nothing). A condition keeps its transition time while its status holds.
 */
export function deletionConditions(
  current: NamespaceCondition[] | undefined,
  left: Remaining[],
  now: string,
): NamespaceCondition[] | undefined {
  const wanted = [...FAILURES, contentRemaining(left), finalizersRemaining(left)];
  const same = (a: Cond, b: Cond | undefined) => !!b && a.status === b.status && a.reason === b.reason && a.message === b.message;
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  if (wanted.every((w) => same(w, byType.get(w.type)))) return undefined;
  return wanted.map((w) => {
    const old = byType.get(w.type);
    return { ...w, lastTransitionTime: old && old.status === w.status ? old.lastTransitionTime : now };
  });
}
