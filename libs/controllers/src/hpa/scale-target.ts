// The autoscaler's target, reached only through its scale subresource, as upstream reaches it
// with its scale client: any served kind whose strategy declares `scale` can be autoscaled.
import {
  type AutoscalingV2CrossVersionObjectReference as CrossVersionObjectReference,
  findResource,
  notFound,
  RESOURCES,
  type ResourceStrategy,
  servedResources,
  statusError,
} from '@stevedore/api';
import { type ObjectRegistry, toScale, writeScale } from '@stevedore/apiserver';

type Ref = Pick<CrossVersionObjectReference, 'apiVersion' | 'kind' | 'name'>;

/** The served resource the reference names, by group and kind (any version, as upstream's REST mapper). */
function targetResource(ref: Ref): ResourceStrategy {
  const group = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/')[0]! : '';
  // Built-in kinds first, then custom ones (their stored version: it holds the scale paths).
  const served =
    RESOURCES.find((r) => r.group === group && r.kind === ref.kind) ??
    servedResources().find((r) => r.group === group && r.kind === ref.kind);
  const resource = served && (served.conversion?.storage ?? findResource(served.group, served.plural) ?? served);
  if (!resource) throw statusError(404, 'NotFound', `no matches for kind "${ref.kind}" in group "${group}"`);
  if (!resource.subresources.some((s) => s.name === 'scale')) throw notFound(`${resource.plural}/scale`, ref.name, resource.group);
  return resource;
}

/** The target's replica count and its pods' label selector. */
export async function readScale(registry: ObjectRegistry, namespace: string, ref: Ref): Promise<{ replicas: number; selector: string }> {
  const resource = targetResource(ref);
  const scale = toScale(await registry.get(resource, namespace, ref.name), resource.scalePaths);
  return { replicas: scale.spec.replicas, selector: scale.status.selector };
}

/** Sets the target's replica count, as `kubectl scale` does. */
export async function writeReplicas(registry: ObjectRegistry, namespace: string, ref: Ref, replicas: number): Promise<void> {
  await writeScale(registry, targetResource(ref), namespace, ref.name, { type: 'merge', body: { spec: { replicas } } });
}
