// What an Indexed Job has done: the indexes that succeeded, the ones running, and the active pods
// that must go (an index out of range or missing, already succeeded, or run twice).
import type { Pod } from '@stevedore/api';
import { isActive, podPhase } from '../common/pods';
import { completionIndex } from './completion-index';

export interface IndexedProgress {
  succeeded: Set<number>;
  running: Set<number>;
  /** Active pods to delete. */
  surplus: Pod[];
}

export function indexedProgress(completions: number, owned: readonly Pod[]): IndexedProgress {
  const valid = (i: number | undefined): i is number => i !== undefined && i < completions;
  const succeeded = new Set<number>();
  for (const pod of owned) {
    const index = completionIndex(pod);
    if (podPhase(pod) === 'Succeeded' && valid(index)) succeeded.add(index);
  }
  const running = new Set<number>();
  const surplus: Pod[] = [];
  for (const pod of owned.filter(isActive)) {
    const index = completionIndex(pod);
    if (!valid(index) || succeeded.has(index) || running.has(index)) surplus.push(pod);
    else running.add(index);
  }
  return { succeeded, running, surplus };
}

/** The lowest `count` indexes neither succeeded nor running: a failed index is run again. */
export function pendingIndexes(completions: number, progress: IndexedProgress, count: number): number[] {
  const pending: number[] = [];
  for (let i = 0; i < completions && pending.length < count; i++) {
    if (!progress.succeeded.has(i) && !progress.running.has(i)) pending.push(i);
  }
  return pending;
}
