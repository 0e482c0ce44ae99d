// list with selectors and limit/continue paging, read at one revision so pages are consistent.
import { badRequest, isGone, type ResourceStrategy, statusError } from '@stevedore/api';
import type { Store } from '@stevedore/store';
import type { ApiObject } from '../objects/api-object';
import { resourcePrefix } from './keys';
import { bothSelectors } from './selectors';
import { storeErrorToStatus } from './store-errors';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListPage {
  items: ApiObject[];
  resourceVersion: string;
  continue?: string;
}

interface ContinueToken {
  rev: number;
  after: string;
}

const PAGE = 500;

export async function listObjects(
  store: Store,
  resource: ResourceStrategy,
  namespace: string | undefined,
  query: ListQuery,
): Promise<ListPage> {
  const matches = bothSelectors(query.labelSelector, query.fieldSelector, resource.fieldSelectors);
  const prefix = resourcePrefix(resource, namespace);
  const token = query.continue ? decodeContinue(query.continue) : undefined;
  const limit = query.limit && query.limit > 0 ? query.limit : undefined;
  let revision = token?.rev;
  let after = token?.after;
  const items: ApiObject[] = [];
  for (;;) {
    // Unlimited lists: the store reads everything in pages it sizes itself.
    const want = limit ? Math.max(limit - items.length, PAGE) : undefined;
    const page = await store
      .list<ApiObject>(prefix, { revision, startAfter: after, limit: want })
      .catch(storeErrorToStatus(resource, ''))
      .catch(expiredContinue(!!token));
    revision = page.revision;
    for (const [i, item] of page.items.entries()) {
      if (!matches(item)) continue;
      items.push((resource.onRead?.(item) as ApiObject | undefined) ?? item);
      if (limit && items.length === limit) {
        const more = i < page.items.length - 1 || page.more;
        return {
          items,
          resourceVersion: String(revision),
          ...(more ? { continue: encodeContinue({ rev: revision, after: keyOf(resource, item) }) } : {}),
        };
      }
    }
    if (!page.more) return { items, resourceVersion: String(revision) };
    after = keyOf(resource, page.items.at(-1)!);
  }
}

function keyOf(resource: ResourceStrategy, item: ApiObject): string {
  return `${resourcePrefix(resource, item.metadata.namespace)}${item.metadata.name}`;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString()) as ContinueToken;
    if (typeof token.rev === 'number' && typeof token.after === 'string') return token;
  } catch {
    // fall through to the error below
  }
  throw badRequest('continue key is not valid');
}

/** A continue token whose revision was compacted answers 410 as Kubernetes does, so clients restart the list. */
function expiredContinue(paging: boolean): (err: unknown) => never {
  return (err) => {
    if (paging && isGone(err)) {
      throw statusError(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    throw err;
  };
}
