// The words kube-apiserver uses when it refuses a request, so scripts matching on them work.
import type { User } from '../user';
import type { Attributes } from './attributes';

export function forbiddenMessage(user: User, a: Attributes, reason = ''): string {
  const tail = reason ? `: ${reason}` : '';
  if (!a.resource) return `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"${tail}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${where}${tail}`;
}
