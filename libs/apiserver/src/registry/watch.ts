// Watches as the API serves them: store events seen through selectors, so objects that stop
// matching leave as DELETED and ones that start matching arrive as ADDED; an expired revision
// becomes an ERROR event with a 410 Status; optional bookmarks carry progress.

import { type ResourceStrategy, type Status, StatusError, statusError } from '@stevedore/api';
import { RevisionCompactedError, type Store, type StoreEvent } from '@stevedore/store';
import { catchError, concat, defer, EMPTY, from, interval, map, merge, mergeMap, type Observable, of } from 'rxjs';
import type { ApiObject } from '../objects/api-object';
import { resourcePrefix } from './keys';
import { listObjects } from './list';
import { bothSelectors, type Predicate } from './selectors';

export interface WatchQuery {
  labelSelector?: string;
  fieldSelector?: string;
  /** "" or "0": start with the current state as ADDED events. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  bookmarkIntervalMs?: number;
}

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: ApiObject }
  | { type: 'BOOKMARK'; object: ApiObject }
  | { type: 'ERROR'; object: Status };

export function watchObjects(
  store: Store,
  resource: ResourceStrategy,
  namespace: string | undefined,
  query: WatchQuery,
): Observable<WatchEvent> {
  const matches = bothSelectors(query.labelSelector, query.fieldSelector, resource.fieldSelectors);
  // Without selectors every event passes as it is, and its previous object is never needed.
  const filtered = !!(query.labelSelector || query.fieldSelector);
  const prefix = resourcePrefix(resource, namespace);
  const rv = query.resourceVersion;
  let progress = 0;
  const changes = (after: number): Observable<WatchEvent> =>
    store.watch<ApiObject>(prefix, after).pipe(
      mergeMap((event) => {
        progress = event.revision;
        const seen = filtered ? throughSelector(event, matches) : { type: event.type, object: event.object };
        // A custom kind's schema defaults apply to what watchers see too (onRead copies, never mutates).
        if (seen && resource.onRead) seen.object = resource.onRead(seen.object) as ApiObject;
        return seen ? of(seen) : EMPTY;
      }),
      catchError((err) => of(errorEvent(err))),
    );
  const events =
    !rv || rv === '0'
      ? defer(() =>
          from(listObjects(store, resource, namespace, { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector })),
        ).pipe(
          mergeMap((page) => {
            progress = Number(page.resourceVersion);
            const initial = page.items.map((object): WatchEvent => ({ type: 'ADDED', object }));
            return concat(from(initial), changes(progress));
          }),
        )
      : defer(() => {
          progress = parseRevision(rv);
          return changes(progress);
        });
  if (!query.allowWatchBookmarks) return events;
  const bookmarks = interval(query.bookmarkIntervalMs ?? 60_000).pipe(map((): WatchEvent => bookmark(resource, progress)));
  return merge(events, bookmarks);
}

function throughSelector(event: StoreEvent<ApiObject>, matches: Predicate): WatchEvent | undefined {
  const now = event.type !== 'DELETED' && matches(event.object);
  const before =
    event.type === 'ADDED' ? false : event.previous ? matches(event.previous) : event.type === 'DELETED' && matches(event.object);
  if (event.type === 'DELETED') return before ? { type: 'DELETED', object: event.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: event.object };
  return undefined;
}

function bookmark(resource: ResourceStrategy, revision: number): WatchEvent {
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  return { type: 'BOOKMARK', object: { kind: resource.kind, apiVersion, metadata: { resourceVersion: String(revision) } } };
}

function parseRevision(rv: string): number {
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw statusError(400, 'BadRequest', `invalid resource version: "${rv}"`);
  return n;
}

function errorEvent(err: unknown): WatchEvent {
  if (err instanceof RevisionCompactedError) {
    return { type: 'ERROR', object: statusError(410, 'Expired', `too old resource version: ${err.requested} (${err.oldest})`).status };
  }
  if (err instanceof StatusError) return { type: 'ERROR', object: err.status };
  return { type: 'ERROR', object: statusError(500, 'InternalError', 'the watch ended unexpectedly').status };
}
