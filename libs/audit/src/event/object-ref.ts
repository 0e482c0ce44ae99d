// The objectRef of an event from the request path: authorization's attributes give the resource,
// namespace, name and group; the version is the path segment after the group.

import type { PolicyAttributes } from '../policy/policy-checker';
import type { ObjectReference } from './audit-event';

export function objectRefOf(a: PolicyAttributes): ObjectReference | undefined {
  if (a.resource === undefined) return undefined;
  const parts = a.path.split('/').filter(Boolean);
  const apiVersion = parts[0] === 'api' ? parts[1] : parts[2];
  const ref: ObjectReference = { resource: a.resource };
  if (a.namespace !== undefined) ref.namespace = a.namespace;
  if (a.name !== undefined) ref.name = a.name;
  if (a.apiGroup) ref.apiGroup = a.apiGroup;
  if (apiVersion) ref.apiVersion = apiVersion;
  if (a.subresource) ref.subresource = a.subresource;
  return ref;
}
