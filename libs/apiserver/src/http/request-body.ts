// What the REST adapters read from a request besides its path: the body (size-limited and
// decoded) and the delete options; and the 405 they answer for a method a resource does not take.
import { badRequest, isNotFound, type ResourceStrategy, statusError } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import type { DeleteOptions } from '../registry/delete';
import { decodeBody, MAX_BODY_BYTES, tooLarge } from '../request/decode-body';
import type { ApiQuery } from './query';

export async function deleteOptions(req: IncomingMessage, query: ApiQuery): Promise<DeleteOptions> {
  const body = (await readBody(req, true)) as (Omit<DeleteOptions, 'dryRun'> & { dryRun?: string[] }) | undefined;
  return {
    gracePeriodSeconds: query.gracePeriodSeconds ?? body?.gracePeriodSeconds,
    propagationPolicy: (query.propagationPolicy ?? body?.propagationPolicy) as DeleteOptions['propagationPolicy'],
    preconditions: body?.preconditions,
    dryRun: query.dryRun || (body?.dryRun ?? []).includes('All'),
  };
}

/** Reads at most MAX_BODY_BYTES (413 beyond, before any decoding). */
export async function readBody(req: IncomingMessage, optional = false): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (size === 0) {
    if (optional) return undefined;
    throw badRequest('the request has no body');
  }
  return decodeBody(Buffer.concat(chunks), req.headers['content-type']);
}

export function methodNotAllowed(method: string, resource: ResourceStrategy) {
  return statusError(405, 'MethodNotAllowed', `the server does not allow this method (${method}) on ${resource.plural}`);
}

export function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}
