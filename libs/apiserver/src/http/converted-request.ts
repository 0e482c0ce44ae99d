// Requests on a version served by conversion (see Conversion in @stevedore/api): bodies are
// checked against the served version's schema and converted to the stored version, which the
// registry writes with its own defaults and rules; whatever comes back is converted to the
// served version. A patch applies to the served version's view of the object. Conversions are
// asynchronous (a CRD's may be a webhook): a failed one refuses the request before anything is
// written, and a list's items go to the converter together.
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  badRequest,
  type Conversion,
  type KubeObject,
  type ResourceStrategy,
  statusError,
} from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import { prepareCreate, prepareUpdate } from '../objects/prepare';
import { deleteObject } from '../registry/delete';
import { listObjects } from '../registry/list';
import { watchObjects } from '../registry/watch';
import { type PatchType, patchTypeOf } from '../request/content-type';
import { convertedScale } from './converted-scale';
import { convertedEvents } from './converted-watch';
import { fieldManagerOf } from './field-manager-query';
import { deleteOptions, ignoreNotFound, methodNotAllowed, readBody } from './request-body';
import { negotiate, sendList, sendObject, setWarnings } from './respond';
import type { Call, RestContext } from './rest-handler';
import { streamWatch } from './watch-stream';

interface View {
  served: ResourceStrategy;
  conversion: Conversion;
  out(object: ApiObject): Promise<ApiObject>;
  outAll(objects: ApiObject[]): Promise<ApiObject[]>;
  in(object: KubeObject): Promise<KubeObject>;
}

export async function handleConvertedRequest(ctx: RestContext, call: Call, method: string): Promise<void> {
  const served = call.target.resource;
  const conversion = served.conversion!;
  // The served version's schema defaults apply to what it shows, after conversion, as upstream.
  const shown = (o: KubeObject) => (served.onRead ? served.onRead(o) : o) as ApiObject;
  const view: View = {
    served,
    conversion,
    out: async (o) => shown(await conversion.fromStorage(o as KubeObject)),
    outAll: async (objects) => (await conversion.fromStorageList(objects as KubeObject[])).map(shown),
    in: (o) => conversion.toStorage(o),
  };
  if (call.target.subresource === 'scale') return convertedScale(ctx, call, method, { ...view, storage: conversion.storage });
  if (call.target.subresource && call.target.subresource !== 'status')
    throw statusError(405, 'MethodNotAllowed', `${call.target.subresource} is not supported with ${method}`);
  return call.target.name ? single(ctx, call, method, view) : collection(ctx, call, method, view);
}

async function collection(ctx: RestContext, { req, res, target, query }: Call, method: string, view: View): Promise<void> {
  const { storage } = view.conversion;
  const how = negotiate(req.headers.accept, query.includeObject);
  if (method === 'GET' && query.watch) {
    const events = convertedEvents(watchObjects(ctx.registry.store, storage, target.namespace, query), view.out);
    return streamWatch(req, res, view.served, events, how, query.timeoutSeconds);
  }
  if (method === 'GET' || method === 'DELETE') {
    const page = await listObjects(ctx.registry.store, storage, target.namespace, query);
    if (method === 'DELETE') {
      const options = await deleteOptions(req, query);
      for (const item of page.items)
        await deleteObject(ctx.registry, storage, item.metadata.namespace, item.metadata.name, options).catch(ignoreNotFound);
    }
    return sendList(res, view.served, { ...page, items: await view.outAll(page.items) }, how);
  }
  if (method === 'POST') {
    const checked = prepareCreate(view.served, await readBody(req), target.namespace, query.fieldValidation);
    const stored = await view.in(checked.object as KubeObject);
    const result = await ctx.registry.create(storage, target.namespace, stored, {
      dryRun: query.dryRun,
      fieldManager: fieldManagerOf(req, query).fieldManager,
    });
    setWarnings(res, [...checked.warnings, ...result.warnings]);
    return sendObject(res, 201, view.served, await view.out(result.object), how);
  }
  throw methodNotAllowed(method, view.served);
}

async function single(ctx: RestContext, { req, res, target, query }: Call, method: string, view: View): Promise<void> {
  const { storage } = view.conversion;
  const { namespace, subresource } = target;
  const name = target.name!;
  const how = negotiate(req.headers.accept, query.includeObject);
  const current = async () => view.out(await ctx.registry.get<ApiObject>(storage, namespace, name));
  if (method === 'GET') return sendObject(res, 200, view.served, await current(), how);
  if (method === 'DELETE') {
    const deleted = await deleteObject(ctx.registry, storage, namespace, name, await deleteOptions(req, query));
    return sendObject(res, 200, view.served, await view.out(deleted), how);
  }
  const before = await current();
  let body: unknown;
  if (method === 'PUT') body = await readBody(req);
  else if (method === 'PATCH') {
    const type = patchTypeOf(req.headers['content-type']);
    if (!type) throw statusError(415, 'UnsupportedMediaType', 'the body of a PATCH must be a JSON, merge or strategic merge patch');
    // Keeps the resourceVersion read (unless the patch pins one): a concurrent write is a conflict, never lost.
    body = applyPatch(view.served, type, before, await readBody(req));
  } else throw methodNotAllowed(method, view.served);
  const checked = prepareUpdate(view.served, before, body, { namespace, name, subresource, mode: query.fieldValidation });
  const stored = await view.in(checked.object as KubeObject);
  const result = await ctx.registry.update(storage, namespace, name, stored, {
    dryRun: query.dryRun,
    subresource,
    fieldManager: fieldManagerOf(req, query).fieldManager,
  });
  setWarnings(res, [...checked.warnings, ...result.warnings]);
  return sendObject(res, 200, view.served, await view.out(result.object), how);
}

function applyPatch(served: ResourceStrategy, type: PatchType, current: ApiObject, patch: unknown): ApiObject {
  const base = structuredClone(current);
  let result: unknown;
  if (type === 'json') result = applyJsonPatch(base, patch);
  else if (type === 'merge') result = applyMergePatch(base, patch);
  else if (type === 'strategic') result = applyStrategicMergePatch(base, patch, served.schema);
  else
    throw statusError(
      415,
      'UnsupportedMediaType',
      `server-side apply is served for ${served.group}/${served.version} through the stored version`,
    );
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw badRequest('the patch must produce an object');
  return result as ApiObject;
}
