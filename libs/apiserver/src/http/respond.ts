// Writing responses: JSON objects or Tables as negotiated, Status errors, and Warning headers.

import { apiVersionOf, type ResourceStrategy, type Status, StatusError } from '@stevedore/api';
import type { ServerResponse } from 'http';
import type { ApiObject } from '../objects/api-object';
import { TABLE_CONTENT_TYPE, wantedRepresentation } from '../request/content-type';
import type { IncludeObject } from '../tables/table';
import { toTable } from '../tables/to-table';

export interface Negotiated {
  table: boolean;
  include: IncludeObject;
}

export function negotiate(accept: string | undefined, includeObject: string | null): Negotiated {
  const include = includeObject === 'None' || includeObject === 'Object' ? includeObject : 'Metadata';
  return { table: wantedRepresentation(accept) === 'Table', include };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code, status);
}

/**
 * kubectl prints `Warning: …` only when the header value is quoted and escaped like this. Adds to
 * the warnings already set (a deprecated version's, say), as one request may have several.
 */
export function setWarnings(res: ServerResponse, warnings: string[]): void {
  if (!warnings.length) return;
  const before = res.getHeader('Warning');
  const kept = before === undefined ? [] : Array.isArray(before) ? before : [String(before)];
  res.setHeader('Warning', [...kept, ...warnings.map((w) => `299 - ${JSON.stringify(w)}`)]);
}

export function sendObject(res: ServerResponse, code: number, resource: ResourceStrategy, object: ApiObject, how: Negotiated): void {
  if (how.table)
    sendJson(
      res,
      code,
      toTable(resource.printer, [object], { resourceVersion: object.metadata.resourceVersion, include: how.include }),
      TABLE_CONTENT_TYPE,
    );
  else sendJson(res, code, object);
}

export function sendList(
  res: ServerResponse,
  resource: ResourceStrategy,
  page: { items: ApiObject[]; resourceVersion: string; continue?: string },
  how: Negotiated,
): void {
  const { kind } = resource;
  const apiVersion = apiVersionOf(resource);
  const metadata = { resourceVersion: page.resourceVersion, ...(page.continue ? { continue: page.continue } : {}) };
  if (how.table) {
    const table = toTable(resource.printer, page.items, { resourceVersion: page.resourceVersion, include: how.include });
    sendJson(res, 200, { ...table, metadata }, TABLE_CONTENT_TYPE);
  } else {
    sendJson(res, 200, { kind: `${kind}List`, apiVersion, metadata, items: page.items.map((item) => ({ apiVersion, kind, ...item })) });
  }
}

export { StatusError };
