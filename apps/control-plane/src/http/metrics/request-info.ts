// What a request is, in the terms of apiserver_request_total: the Kubernetes verb (LIST and
// WATCH are GETs of a collection, DELETECOLLECTION a DELETE of one, APPLY a server-side-apply
// PATCH) and the resource it addresses. Paths outside the resource API get resource "".
import { findResource } from '@stevedore/api';

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: 'cluster' | 'namespace' | 'resource' | '';
}

const LONG_RUNNING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy', 'log']);

export function requestLabels(method: string, url: URL, contentType = ''): RequestLabels {
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const none: RequestLabels = { verb: method.toUpperCase(), group: '', version: '', resource: '', subresource: '', scope: '' };
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) [group, version, rest] = ['', parts[1]!, parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 4) [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  else return none;
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !['status', 'finalize'].includes(rest[2]!)) {
    namespaced = true;
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource = ''] = rest;
  const known = findResource(group, resource) || group === 'metrics.k8s.io';
  // Unknown paths come from clients: they must not mint label values.
  if (!known) return none;
  const collection = name === undefined;
  const verb = kubernetesVerb(method.toUpperCase(), collection, url.searchParams, contentType, subresource);
  const scope = !collection ? 'resource' : namespaced ? 'namespace' : 'cluster';
  return { verb, group, version, resource, subresource, scope };
}

function kubernetesVerb(method: string, collection: boolean, query: URLSearchParams, contentType: string, subresource: string): string {
  if (LONG_RUNNING_SUBRESOURCES.has(subresource) && subresource !== 'log') return 'CONNECT';
  const watching = query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
      return watching ? 'WATCH' : collection ? 'LIST' : 'GET';
    case 'DELETE':
      return collection ? 'DELETECOLLECTION' : 'DELETE';
    case 'PATCH':
      return contentType.startsWith('application/apply-patch') ? 'APPLY' : 'PATCH';
    default:
      return method;
  }
}

/** Watches and streams stay open; they count as long-running, not in the latency histogram. */
export function isLongRunning(labels: RequestLabels): boolean {
  return labels.verb === 'WATCH' || labels.verb === 'CONNECT' || labels.subresource === 'log';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
