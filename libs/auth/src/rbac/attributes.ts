// What a request asks to do, as kube-apiserver's RequestInfo sees it: a verb on a resource (with
// group, namespace, name and subresource) or on a plain path. Authorization decides on these.

export interface Attributes {
  verb: string;
  /** Set for resource requests; absent for non-resource paths such as /api or /version. */
  resource?: string;
  subresource?: string;
  apiGroup: string;
  namespace?: string;
  name?: string;
  /** The URL path, which non-resource rules match. */
  path: string;
}

const WRITE_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
// Streaming subresources are "create" whatever the method: a websocket upgrade is a GET.
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

export function requestAttributes(method: string, url: URL): Attributes {
  const path = url.pathname;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const nonResource = { verb: method.toLowerCase(), apiGroup: '', path };
  let apiGroup: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) [apiGroup, rest] = ['', parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 4) [apiGroup, rest] = [parts[1]!, parts.slice(3)];
  else return nonResource;
  let watchPath = false;
  if (rest[0] === 'watch') [watchPath, rest] = [true, rest.slice(1)];
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1];
    // namespaces/x (and its status or finalize) is the namespace itself.
    if (rest.length > 2 && !['status', 'finalize'].includes(rest[2]!)) rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  let verb = WRITE_VERBS[method] ?? 'get';
  if (method === 'GET' || method === 'HEAD')
    verb = watchPath || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1' ? 'watch' : name ? 'get' : 'list';
  if (method === 'DELETE' && !name) verb = 'deletecollection';
  if (subresource && CONNECT_SUBRESOURCES.has(subresource)) verb = 'create';
  return { verb, resource, subresource, apiGroup, namespace, name, path };
}
