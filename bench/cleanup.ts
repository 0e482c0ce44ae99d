// Teardown for the benchmarks: every step runs even when one before it failed, and a failure is
// logged with what it concerns rather than dropped (a leftover cgroup or mount skews the next run).
import { logger } from '@stevedore/log';
import { Cgroups } from '@stevedore/runtime';

const log = logger('bench');

/** Runs one cleanup step; a failure is logged as "cannot <what>" and the caller carries on. */
export async function tryCleanup(what: string, step: () => Promise<unknown>, fields: Record<string, unknown> = {}): Promise<void> {
  await step().catch((err: unknown) => log.warn(`cannot ${what}`, { ...fields, err }));
}

/** Removes a benchmark's cgroup parent from every hierarchy (missing ones are fine), under cgroup v1 or v2. */
export async function removeCgroupParent(parent: string): Promise<void> {
  await tryCleanup('remove the cgroup parent', async () => (await Cgroups.detect()).remove(`/${parent}`), { cgroup: parent });
}
