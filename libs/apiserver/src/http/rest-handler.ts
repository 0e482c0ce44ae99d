// The REST adapter: one HTTP request on a resource path → one registry call → one response.

import { apiVersionOf, type ResourceStrategy, statusError } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import type { IncomingMessage, ServerResponse } from 'http';
import { deleteObject } from '../registry/delete';
import { listObjects } from '../registry/list';
import type { ObjectRegistry } from '../registry/object-registry';
import { bindPod, evictPod, toScale, writeScale } from '../registry/subresources';
import { watchObjects } from '../registry/watch';
import { type PatchType, patchTypeOf } from '../request/content-type';
import type { RequestTarget } from '../request/request-info';
import { handleConvertedRequest } from './converted-request';
import { fieldManagerOf } from './field-manager-query';
import { servePodLogs } from './pod-logs';
import type { PodStreams } from './pod-streams';
import { type ApiQuery, parseQuery } from './query';
import { deleteOptions, ignoreNotFound, methodNotAllowed, readBody } from './request-body';
import { negotiate, sendJson, sendList, sendObject, setWarnings } from './respond';
import { streamWatch } from './watch-stream';

export interface RestContext {
  registry: ObjectRegistry;
  streams?: PodStreams;
  /** Answers for what the registry does not store: TokenRequests and the review kinds. */
  answers?: Answers;
}

/** A create that is answered rather than stored; the user is who asks. */
export type Answer = (body: unknown, user: User | undefined, namespace: string | undefined) => Promise<unknown>;

export interface Answers {
  /** POST serviceaccounts/NAME/token: a TokenRequest for that account. */
  tokenRequest?: (namespace: string, name: string, body: unknown, user: User | undefined) => Promise<unknown>;
  /** The review kinds (SelfSubjectReview, SubjectAccessReview, ...), by strategy. */
  reviews?: Map<ResourceStrategy, Answer>;
}

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  target: RequestTarget;
  query: ApiQuery;
  params: URLSearchParams;
  user?: User;
  body?: unknown;
}

export async function handleResourceRequest(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  url: URL,
  user?: User,
): Promise<void> {
  const call: Call = { req, res, target, query: parseQuery(url.searchParams), params: url.searchParams, user };
  const method = req.method ?? 'GET';
  // Every request to a deprecated version says so, reads and watches too, as kube-apiserver does.
  if (target.resource.deprecationWarning) setWarnings(res, [target.resource.deprecationWarning]);
  if (method === 'PATCH' && target.resource.noStrategicMerge) refuseStrategicMerge(req);
  if (target.resource.conversion) return handleConvertedRequest(ctx, call, method);
  const review = ctx.answers?.reviews?.get(target.resource);
  if (review) return answer(call, method, () => review(call.body, user, target.namespace));
  if (target.subresource === 'token' && ctx.answers?.tokenRequest) {
    const issue = ctx.answers.tokenRequest;
    return answer(call, method, () => issue(target.namespace!, target.name!, call.body, user));
  }
  if (!target.name) return collection(ctx, call, method);
  if (target.subresource === 'scale') return scale(ctx, call, method);
  if (target.subresource === 'log' && method === 'GET') return servePodLogs(ctx, call.target, call.params, req, res);
  if (target.subresource === 'binding' || target.subresource === 'eviction') return podAction(ctx, call, method);
  return single(ctx, call, method);
}

/** As kube-apiserver answers a strategic merge patch of a custom kind (kubectl patch without --type). */
function refuseStrategicMerge(req: IncomingMessage): void {
  if (patchTypeOf(req.headers['content-type']) !== 'strategic') return;
  const accepted = 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
  throw statusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
  );
}

/** A create answered, not stored: POST only, 201 with the answer, as kube-apiserver's review endpoints. */
async function answer(call: Call, method: string, compute: () => Promise<unknown>): Promise<void> {
  if (method !== 'POST') throw methodNotAllowed(method, call.target.resource);
  call.body = await readBody(call.req);
  sendJson(call.res, 201, await compute());
}

async function collection(ctx: RestContext, call: Call, method: string): Promise<void> {
  const { req, res, target, query } = call;
  const { resource, namespace } = target;
  const how = negotiate(req.headers.accept, query.includeObject);
  if (method === 'GET' && query.watch) {
    const events = watchObjects(ctx.registry.store, resource, namespace, query);
    return streamWatch(req, res, resource, events, how, query.timeoutSeconds);
  }
  if (method === 'GET') {
    const page = await listObjects(ctx.registry.store, resource, namespace, query);
    return sendList(res, resource, page, how);
  }
  if (method === 'POST') {
    const result = await ctx.registry.create(resource, namespace, await readBody(req), {
      dryRun: query.dryRun,
      fieldValidation: query.fieldValidation,
      user: call.user,
      ...fieldManagerOf(req, query),
    });
    setWarnings(res, result.warnings);
    return sendObject(res, 201, resource, result.object, how);
  }
  if (method === 'DELETE') {
    const page = await listObjects(ctx.registry.store, resource, namespace, query);
    const options = { ...(await deleteOptions(req, query)), user: call.user };
    for (const item of page.items)
      await deleteObject(ctx.registry, resource, item.metadata.namespace, item.metadata.name, options).catch(ignoreNotFound);
    return sendList(res, resource, page, how);
  }
  throw methodNotAllowed(method, resource);
}

async function single(ctx: RestContext, { req, res, target, query, user }: Call, method: string): Promise<void> {
  const { resource, namespace, name, subresource } = target;
  const how = negotiate(req.headers.accept, query.includeObject);
  const options = { dryRun: query.dryRun, fieldValidation: query.fieldValidation, subresource, user };
  if (subresource && subresource !== 'status') throw statusError(405, 'MethodNotAllowed', `${subresource} is not supported with ${method}`);
  if (method === 'GET') return sendObject(res, 200, resource, await ctx.registry.get(resource, namespace, name!), how);
  if (method === 'PUT') {
    const result = await ctx.registry.update(resource, namespace, name!, await readBody(req), {
      ...options,
      ...fieldManagerOf(req, query),
    });
    setWarnings(res, result.warnings);
    return sendObject(res, 200, resource, result.object, how);
  }
  if (method === 'PATCH') {
    const type = patchTypeOf(req.headers['content-type']);
    if (!type)
      throw statusError(
        415,
        'UnsupportedMediaType',
        `the body of a PATCH must be a JSON, merge, strategic merge or apply patch, not "${req.headers['content-type'] ?? ''}"`,
      );
    const result = await ctx.registry.patch(resource, namespace, name!, type, await readBody(req), {
      ...options,
      ...fieldManagerOf(req, query, type),
    });
    setWarnings(res, result.warnings);
    return sendObject(res, result.created ? 201 : 200, resource, result.object, how);
  }
  if (method === 'DELETE') {
    const deleted = await deleteObject(ctx.registry, resource, namespace, name!, { ...(await deleteOptions(req, query)), user });
    return sendObject(res, 200, resource, deleted, how);
  }
  throw methodNotAllowed(method, resource);
}

async function scale(ctx: RestContext, { req, res, target, query, user }: Call, method: string): Promise<void> {
  const { resource, namespace, name } = target;
  if (method === 'GET') return sendJson(res, 200, toScale(await ctx.registry.get(resource, namespace, name!), resource.scalePaths));
  const type = method === 'PUT' ? 'put' : method === 'PATCH' ? patchTypeOf(req.headers['content-type']) : undefined;
  if (!type) throw methodNotAllowed(method, resource);
  const manager = fieldManagerOf(req, query, type === 'put' ? undefined : type);
  const change = { type: type as 'put' | PatchType, body: await readBody(req), fieldManager: manager.fieldManager, user };
  sendJson(res, 200, await writeScale(ctx.registry, resource, namespace, name!, change, query.dryRun));
}

async function podAction(ctx: RestContext, { req, res, target, query }: Call, method: string): Promise<void> {
  if (method !== 'POST') throw methodNotAllowed(method, target.resource);
  const body = await readBody(req);
  const { resource, namespace, name } = target;
  if (target.subresource === 'binding') await bindPod(ctx.registry, resource, namespace!, name!, body, query.dryRun);
  else await evictPod(ctx.registry, resource, namespace!, name!, body, query.dryRun);
  sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

export { readBody };
