// Turns a Kubernetes REST path into what it addresses, the way the API server's RequestInfo does.
import { findServed, type ResourceStrategy, statusError } from '@stevedore/api';

export interface RequestTarget {
  resource: ResourceStrategy;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * Parses `/api/v1/namespaces/ns/pods/name/status` and `/apis/apps/v1/deployments` forms.
 * Returns undefined for paths that are not resource paths (discovery, /version, …);
 * throws a 404 Status for resource paths naming something we do not serve.
 */
export function parseResourcePath(pathname: string): RequestTarget | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
    if (parts[1] !== 'v1') throw statusError(404, 'NotFound', `the server could not find the requested resource`);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  const version = parts[0] === 'api' ? parts[1]! : parts[2]!;
  let namespace: string | undefined;
  // "namespaces/x/pods" addresses pods in x, while "namespaces/x" (and "namespaces/x/status") is the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !['status', 'finalize'].includes(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const resource = findServed(group, version, plural ?? '');
  if (!resource || extra.length > 0) {
    throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (subresource && !resource.subresources.some((s) => s.name === subresource)) {
    throw statusError(404, 'NotFound', `the server could not find the requested resource (${plural}/${subresource})`);
  }
  if (namespace !== undefined && !resource.namespaced) {
    throw statusError(404, 'NotFound', `the server could not find the requested resource: ${plural} is not namespaced`);
  }
  return { resource, namespace, name, subresource };
}
