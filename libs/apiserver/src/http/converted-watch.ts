// Watch events on a version served by conversion: each object converted in order (a webhook call
// per event, as kube-apiserver converts each event it sends). A conversion that fails ends the
// watch with an ERROR event carrying its Status, so the client relists instead of missing an event.
import { StatusError, statusError } from '@stevedore/api';
import { catchError, concatMap, type Observable, of } from 'rxjs';
import type { ApiObject } from '../objects/api-object';
import type { WatchEvent } from '../registry/watch';

type Convert = (object: ApiObject) => Promise<ApiObject>;

async function converted(event: WatchEvent, out: Convert): Promise<WatchEvent> {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK') return event;
  return { ...event, object: await out(event.object) };
}

function errorEvent(err: unknown): WatchEvent {
  const status = err instanceof StatusError ? err.status : statusError(500, 'InternalError', (err as Error).message).status;
  return { type: 'ERROR', object: status };
}

/** `events` with each object shown through `out` (the served version's view), in order. */
export function convertedEvents(events: Observable<WatchEvent>, out: Convert): Observable<WatchEvent> {
  return events.pipe(
    concatMap((event) => converted(event, out)),
    catchError((err) => of(errorEvent(err))),
  );
}
