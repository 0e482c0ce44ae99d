// Ctrl-C or SIGTERM during a benchmark still tears down what it started: each phase registers
// its cleanup while its resources exist (the same one its `finally` runs), newest first on a signal.
import { logger } from '@stevedore/log';

const cleanups = new Set<() => Promise<unknown>>();
let interrupted = false;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`bench: ${signal}, cleaning up\n`);
  // One failing cleanup must not keep the others from running.
  for (const cleanup of [...cleanups].reverse())
    await cleanup().catch((err: unknown) => logger('bench').warn('a cleanup failed after the signal', { err }));
  // The harness's exit hook then kills any tracked child process still running.
  process.exit(130);
}

process.once('SIGINT', (s) => void onSignal(s));
process.once('SIGTERM', (s) => void onSignal(s));

/** Runs `cleanup` if the run is interrupted before the returned function is called. */
export function cleanupOnInterrupt(cleanup: () => Promise<unknown>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** `body` with `cleanup` after it, on success, failure or a signal. */
export async function guarded<T>(cleanup: () => Promise<unknown>, body: () => Promise<T>): Promise<T> {
  const release = cleanupOnInterrupt(cleanup);
  try {
    return await body();
  } finally {
    release();
    await cleanup();
  }
}
