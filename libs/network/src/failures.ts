// How the network library tells expected failures from real ones, and how teardown keeps going
// past a failed step without losing it.

/**
 * `ip`'s words for an object that is not there: a device ("Cannot find device", "Device … does
 * not exist"), a namespace file ("No such file or directory"), a route ("No such process", the
 * kernel's ESRCH). Only `ip` stderr text is available, no errno.
 */
const IP_GONE = /Cannot find device|does not exist|No such file or directory|No such process/;

/** The command's result, or undefined when `ip` says the object is not there; other failures reject. */
export async function ignoreIpGone<T>(command: Promise<T>): Promise<T | undefined> {
  try {
    return await command;
  } catch (err) {
    if (err instanceof Error && IP_GONE.test(err.message)) return undefined;
    throw err;
  }
}

/**
 * Runs every cleanup step, in order, even when one fails, so one stuck step never leaves the rest
 * behind; then rejects with the failure (or an AggregateError of them) for the caller to report.
 */
export async function runEvery(steps: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((err: unknown) => failures.push(err));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new AggregateError(failures, failures.map((err) => (err instanceof Error ? err.message : String(err))).join('; '));
}
