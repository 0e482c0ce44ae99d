// apiextensions' checks of subresources.scale: specReplicasPath under .spec, statusReplicasPath
// under .status, labelSelectorPath under either; each a simple dotted path the schema specifies.
import type { CustomResourceDefinitionVersion, JSONSchemaProps } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';

/** The schema node at a dotted path, or undefined when the schema does not specify it. */
function schemaAt(root: JSONSchemaProps | undefined, path: string): JSONSchemaProps | undefined {
  let node = root;
  for (const key of path.replace(/^\./, '').split('.')) {
    if (!node) return undefined;
    if (node['x-kubernetes-preserve-unknown-fields'] && !node.properties?.[key]) return {};
    node = node.properties?.[key];
  }
  return node;
}

function pathRule(
  version: CustomResourceDefinitionVersion,
  field: string,
  value: string | undefined,
  under: string[],
  causes: Cause[],
): void {
  if (value === undefined) return;
  const invalid = (why: string): void => {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` });
  };
  if (!under.some((prefix) => value.startsWith(`${prefix}.`)) || !/^(\.[A-Za-z0-9_-]+)+$/.test(value)) {
    invalid(`should be a json path under ${under.join(' or ')}`);
    return;
  }
  const node = schemaAt(version.schema?.openAPIV3Schema, value);
  // Upstream requires the replicas paths to be integers where the schema says what they are.
  if (field.endsWith('ReplicasPath') && node?.type && node.type !== 'integer') invalid('should be an integer field');
}

export function scaleRules(version: CustomResourceDefinitionVersion, path: string): Cause[] {
  const scale = version.subresources?.scale;
  if (!scale) return [];
  const causes: Cause[] = [];
  const at = `${path}.subresources.scale`;
  if (!scale.specReplicasPath) causes.push({ reason: 'FieldValueRequired', field: `${at}.specReplicasPath`, message: 'Required value' });
  pathRule(version, `${at}.specReplicasPath`, scale.specReplicasPath || undefined, ['.spec'], causes);
  if (!scale.statusReplicasPath)
    causes.push({ reason: 'FieldValueRequired', field: `${at}.statusReplicasPath`, message: 'Required value' });
  pathRule(version, `${at}.statusReplicasPath`, scale.statusReplicasPath || undefined, ['.status'], causes);
  pathRule(version, `${at}.labelSelectorPath`, scale.labelSelectorPath, ['.spec', '.status'], causes);
  return causes;
}
