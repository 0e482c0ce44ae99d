import { cloneJson, type Pod } from '@stevedore/api';
import { controllerRef, type OwnerLike } from './owner';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Pod['spec'];
}

/** A new pod from a controller's template: generated name, the template's labels, an owner reference. */
export function podFromTemplate(
  owner: OwnerLike & { metadata: { namespace?: string } },
  template: PodTemplate,
  apiVersion: string,
  kind: string,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner, apiVersion, kind)],
    },
    spec: cloneJson(template.spec),
  };
}
