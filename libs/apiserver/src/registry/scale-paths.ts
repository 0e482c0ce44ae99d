// The replicas a scale subresource reads and writes, wherever the kind keeps them: Deployments
// and their kin at spec.replicas, custom kinds at their CRD's subresources.scale paths.
import type { ScalePaths } from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import { selectorString } from './selector-string';

/** `.spec.replicas` → ['spec', 'replicas']. */
function keys(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter(Boolean);
}

function at(object: unknown, path: string): unknown {
  return keys(path).reduce<unknown>(
    (node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined),
    object,
  );
}

export interface ScaleValues {
  specReplicas: number;
  statusReplicas: number;
  selector: string;
}

export function readScale(object: ApiObject, paths: ScalePaths | undefined): ScaleValues {
  if (!paths)
    return {
      specReplicas: object.spec?.replicas ?? 1,
      statusReplicas: object.status?.replicas ?? 0,
      selector: selectorString(object.spec?.selector),
    };
  // As upstream's custom-resource scale: a missing value is 0, a missing selector empty.
  const spec = at(object, paths.specReplicasPath);
  const status = at(object, paths.statusReplicasPath);
  const selector = paths.labelSelectorPath ? at(object, paths.labelSelectorPath) : undefined;
  return {
    specReplicas: typeof spec === 'number' ? spec : 0,
    statusReplicas: typeof status === 'number' ? status : 0,
    selector: typeof selector === 'string' ? selector : '',
  };
}

/** Sets the spec replicas in place, creating the objects on the way. */
export function setSpecReplicas(object: ApiObject, paths: ScalePaths | undefined, replicas: number): void {
  const path = keys(paths?.specReplicasPath ?? '.spec.replicas');
  const last = path.pop()!;
  let node: Record<string, unknown> = object;
  for (const k of path) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[last] = replicas;
}
