// What apiextensions' ValidateCustomResourceDefinition checks in code (its most common rules):
// the name is <plural>.<group>, the group a domain, a known scope, the names, unique DNS-1035
// version names with exactly one storage and at least one served, and a structural schema on
// every version (apiextensions.k8s.io/v1 requires one), and how versions are converted.
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../generated/kubernetes-types';
import { dns1035Label, dns1123Subdomain } from '../../meta/names';
import type { Cause } from '../../schema';
import { conversionRules } from './crd-conversion-validation';
import { namesRules } from './crd-names-validation';
import { scaleRules } from './crd-scale-validation';
import { structuralRules } from './structural-schema';

const SCOPES = ['Cluster', 'Namespaced'];

function nameRules(crd: CustomResourceDefinition, causes: Cause[]): void {
  const { group, names } = crd.spec;
  const name = crd.metadata.name ?? '';
  if (names?.plural && group && name !== `${names.plural}.${group}`)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
    });
}

function groupRules(crd: CustomResourceDefinition, causes: Cause[]): void {
  const group = crd.spec.group;
  if (!group) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.group', message: 'Required value' });
    return;
  }
  const problem = dns1123Subdomain(group) ?? (group.split('.').length < 2 ? 'should be a domain with at least one dot' : undefined);
  if (problem)
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.group', message: `Invalid value: ${JSON.stringify(group)}: ${problem}` });
}

function scopeRules(crd: CustomResourceDefinition, causes: Cause[]): void {
  if (SCOPES.includes(crd.spec.scope)) return;
  const supported = SCOPES.map((s) => `"${s}"`).join(', ');
  causes.push({
    reason: 'FieldValueNotSupported',
    field: 'spec.scope',
    message: `Unsupported value: ${JSON.stringify(crd.spec.scope)}: supported values: ${supported}`,
  });
}

function versionRules(v: CustomResourceDefinitionVersion, path: string, seen: Set<string>, causes: Cause[]): void {
  const problem = dns1035Label(v.name ?? '');
  if (problem)
    causes.push({ reason: 'FieldValueInvalid', field: `${path}.name`, message: `Invalid value: ${JSON.stringify(v.name)}: ${problem}` });
  else if (seen.has(v.name))
    causes.push({ reason: 'FieldValueDuplicate', field: `${path}.name`, message: `Duplicate value: ${JSON.stringify(v.name)}` });
  seen.add(v.name);
  const schema = v.schema?.openAPIV3Schema;
  if (!schema)
    causes.push({ reason: 'FieldValueRequired', field: `${path}.schema.openAPIV3Schema`, message: 'Required value: schemas are required' });
  else causes.push(...structuralRules(schema, `${path}.schema.openAPIV3Schema`));
  causes.push(...scaleRules(v, path));
}

function versionsRules(crd: CustomResourceDefinition, causes: Cause[]): void {
  const versions = crd.spec.versions ?? [];
  if (versions.length === 0) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'spec.versions',
      message: 'Required value: must have exactly one version marked as storage version',
    });
    return;
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    versionRules(v, `spec.versions[${i}]`, seen, causes);
  });
  const listed = `[${versions.map((v) => v.name).join(' ')}]`;
  if (versions.filter((v) => v.storage).length !== 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.versions',
      message: `Invalid value: ${JSON.stringify(listed)}: must have exactly one version marked as storage version`,
    });
  if (!versions.some((v) => v.served))
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.versions',
      message: `Invalid value: ${JSON.stringify(listed)}: must have at least one version marked as served`,
    });
}

function updateRules(crd: CustomResourceDefinition, old: CustomResourceDefinition, causes: Cause[]): void {
  if (crd.spec.group !== old.spec.group)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.group',
      message: `Invalid value: ${JSON.stringify(crd.spec.group)}: field is immutable`,
    });
  if (crd.spec.names?.plural !== old.spec.names?.plural)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.names.plural',
      message: `Invalid value: ${JSON.stringify(crd.spec.names?.plural)}: field is immutable`,
    });
}

export function crdRules(crd: CustomResourceDefinition, old?: CustomResourceDefinition): Cause[] {
  const causes: Cause[] = [];
  nameRules(crd, causes);
  groupRules(crd, causes);
  causes.push(...namesRules(crd.spec.names, 'spec.names'));
  scopeRules(crd, causes);
  versionsRules(crd, causes);
  conversionRules(crd, old, causes);
  if (old) updateRules(crd, old, causes);
  return causes;
}
