// GET pods/x/log: validates pod and container first (errors as Status before any output),
// then streams plain text from the pod's node.

import { badRequest, statusError } from '@stevedore/api';
import type { IncomingMessage, ServerResponse } from 'http';
import type { ApiObject } from '../objects/api-object';
import type { RequestTarget } from '../request/request-info';
import type { LogRequest } from './pod-streams';
import type { RestContext } from './rest-handler';

export async function servePodLogs(
  ctx: RestContext,
  target: RequestTarget,
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const pod = await ctx.registry.get<ApiObject>(target.resource, target.namespace, target.name!);
  const containers: string[] = (pod.spec.containers ?? []).map((c: { name: string }) => c.name);
  const initContainers: string[] = (pod.spec.initContainers ?? []).map((c: { name: string }) => c.name);
  let container = params.get('container') ?? '';
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
    }
    container = containers[0]!;
  }
  if (![...containers, ...initContainers].includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  if (!pod.spec.nodeName || !ctx.streams) {
    throw badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
  }
  const request: LogRequest = {
    container,
    follow: params.get('follow') === 'true',
    tailLines: optionalInt(params, 'tailLines'),
    timestamps: params.get('timestamps') === 'true',
    sinceSeconds: optionalInt(params, 'sinceSeconds'),
    sinceTime: optionalTime(params, 'sinceTime'),
    previous: params.get('previous') === 'true',
    limitBytes: optionalInt(params, 'limitBytes'),
  };
  const abort = new AbortController();
  req.on('close', () => abort.abort());
  res.on('close', () => abort.abort());
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  try {
    await ctx.streams.logs(pod, request, res, abort.signal);
  } finally {
    if (!res.writableEnded) res.end();
  }
}

/** An RFC 3339 time, sent on as milliseconds since the epoch. */
function optionalTime(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d\d-\d\dT/.test(raw) || Number.isNaN(ms)) throw statusError(400, 'BadRequest', `invalid ${name}: "${raw}"`);
  return ms;
}

function optionalInt(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw statusError(400, 'BadRequest', `invalid ${name}: "${raw}"`);
  return n;
}
