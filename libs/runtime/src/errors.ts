/** Errors with a code adapters can map (gRPC status, exit codes) without parsing messages. */
export class RuntimeError extends Error {
  constructor(
    readonly code: 'NotFound' | 'AlreadyExists' | 'FailedPrecondition' | 'InvalidArgument' | 'Internal',
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export const notFound = (what: string) => new RuntimeError('NotFound', `No such container: ${what}`);
export const precondition = (message: string) => new RuntimeError('FailedPrecondition', message);
export const invalidArgument = (message: string) => new RuntimeError('InvalidArgument', message);

/**
 * The promise's value, or undefined when the container it names no longer exists (removed
 * between a list and the call on it); every other failure rejects as before.
 */
export async function ignoreNoSuchContainer<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof RuntimeError && err.code === 'NotFound') return undefined;
    throw err;
  }
}
