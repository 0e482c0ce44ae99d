// /scale of a version served by conversion (a CRD's non-storage version with its own
// `subresources.scale`): the Scale is read at that version's paths from the object converted to
// it, and a new replica count is set there, converted back and written to the stored version, as
// kube-apiserver converts around the scale subresource.
import { cloneJson, invalid, type KubeObject, type ResourceStrategy } from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import { setSpecReplicas } from '../registry/scale-paths';
import { requestedReplicas, type ScaleChange, toScale } from '../registry/subresources';
import { patchTypeOf } from '../request/content-type';
import { fieldManagerOf } from './field-manager-query';
import { methodNotAllowed, readBody } from './request-body';
import { sendJson } from './respond';
import type { Call, RestContext } from './rest-handler';

/** The served version's view of stored objects, and the way back (./converted-request's View). */
export interface ScaleView {
  served: ResourceStrategy;
  storage: ResourceStrategy;
  out(object: ApiObject): Promise<ApiObject>;
  in(object: KubeObject): Promise<KubeObject>;
}

export async function convertedScale(ctx: RestContext, { req, res, target, query }: Call, method: string, view: ScaleView): Promise<void> {
  const { namespace } = target;
  const name = target.name!;
  const paths = view.served.scalePaths;
  const stored = await ctx.registry.get<ApiObject>(view.storage, namespace, name);
  const shown = await view.out(stored);
  if (method === 'GET') return sendJson(res, 200, toScale(shown, paths));
  const type = method === 'PUT' ? 'put' : method === 'PATCH' ? patchTypeOf(req.headers['content-type']) : undefined;
  if (!type) throw methodNotAllowed(method, view.served);
  const manager = fieldManagerOf(req, query, type === 'put' ? undefined : type);
  const change: ScaleChange = { type, body: await readBody(req), fieldManager: manager.fieldManager };
  const { replicas, pinned } = requestedReplicas(toScale(shown, paths), change, name);
  const updated = cloneJson(shown);
  setSpecReplicas(updated, paths, replicas);
  // The served version's rules hold for what it asks; the stored version's registry checks its own.
  const causes = view.served.validate(updated, shown);
  if (causes.length) throw invalid(view.served.kind, name, causes, view.served.group);
  const next = (await view.in(updated)) as ApiObject;
  const expected = Number(pinned || stored.metadata.resourceVersion);
  const options = { dryRun: query.dryRun, fieldManager: change.fieldManager, managerSubresource: 'scale' };
  const written = await ctx.registry.write(view.storage, stored, next, expected, options);
  sendJson(res, 200, toScale(await view.out(written), paths));
}
