import { alreadyExists, conflict, notFound, type ResourceStrategy, StatusError, statusError } from '@stevedore/api';
import {
  expectedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionCompactedError,
  RevisionConflictError,
  StoreUnavailableError,
  ValueTooLargeError,
} from '@stevedore/store';
import { tooLarge } from '../request/decode-body';

/** Maps store errors to the Status the API answers with; other errors pass through. */
export function storeErrorToStatus(resource: ResourceStrategy, name: string): (err: unknown) => never {
  return (err) => {
    throw toStatus(resource, name, err);
  };
}

function toStatus(resource: ResourceStrategy, name: string, err: unknown): unknown {
  if (err instanceof StatusError) return err;
  if (err instanceof KeyExistsError) return expectedError(() => alreadyExists(resource.plural, name, resource.group));
  if (err instanceof KeyNotFoundError) return expectedError(() => notFound(resource.plural, name, resource.group));
  if (err instanceof RevisionConflictError) {
    return expectedError(() =>
      conflict(
        resource.plural,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
        resource.group,
      ),
    );
  }
  if (err instanceof ValueTooLargeError) return tooLarge();
  if (err instanceof RevisionCompactedError)
    return statusError(410, 'Expired', `too old resource version: ${err.requested} (${err.oldest})`);
  // The outcome of a timed-out write is unknown: say so rather than guess.
  if (err instanceof StoreUnavailableError) return statusError(504, 'Timeout', `the storage backend did not answer: ${err.message}`);
  return err;
}
