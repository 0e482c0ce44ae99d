// x-kubernetes-embedded-resource: the object is a whole Kubernetes object (a template, say), so
// it needs apiVersion and kind, and its metadata follows ObjectMeta's rules.
import { dns1123Subdomain } from '../../../meta/names';
import { schemaOf } from '../../../openapi';
import type { Cause } from '../../../schema';
import { child } from './json-schema';

const objectMeta = () => schemaOf('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');

export function embeddedRules(value: Record<string, unknown>, path: string, causes: Cause[]): void {
  for (const key of ['apiVersion', 'kind'])
    if (typeof value[key] !== 'string' || value[key] === '')
      causes.push({ reason: 'FieldValueRequired', field: child(path, key), message: 'Required value: must not be empty' });
  const metadata = value.metadata;
  if (metadata === undefined) return;
  const metaPath = child(path, 'metadata');
  objectMeta().validate(metadata, metaPath, causes);
  const name = (metadata as { name?: unknown }).name;
  const problem = typeof name === 'string' && name ? dns1123Subdomain(name) : undefined;
  if (problem)
    causes.push({
      reason: 'FieldValueInvalid',
      field: child(metaPath, 'name'),
      message: `Invalid value: ${JSON.stringify(name)}: ${problem}`,
    });
}
