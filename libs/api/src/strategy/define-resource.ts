import { dns1123Subdomain } from '../meta/names';
import { kindSchema } from '../openapi';
import { simplePrinter } from '../printing';
import type { ObjectSchema } from '../schema';
import { type DeleteStrategy, type KubeObject, type ResourceStrategy, type Subresource, VERBS, type Verb } from './resource-strategy';

/** What every kind must say about itself; the rest has Kubernetes' defaults. */
type Identity<T> = Pick<ResourceStrategy<T & KubeObject>, 'group' | 'version' | 'kind' | 'plural' | 'namespaced' | 'definition'>;
type Optional<T> = Partial<Omit<ResourceStrategy<T & KubeObject>, keyof Identity<T> | 'schema' | 'delete'>> & {
  delete?: Partial<DeleteStrategy<T>>;
};

const SUBRESOURCES: Record<string, Omit<Subresource, 'name'>> = {
  status: { group: '', version: '', kind: '', verbs: ['get', 'patch', 'update'] },
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
};

/** A subresource known to discovery by name (`status`, `scale`); others are given whole. */
export function subresource(name: string, shape?: Omit<Subresource, 'name'>): Subresource {
  const known = shape ?? SUBRESOURCES[name];
  if (!known) throw new Error(`unknown subresource ${name}: give its kind and verbs`);
  return { name, ...known, verbs: [...known.verbs] };
}

const immediateDelete: DeleteStrategy<unknown> = {
  defaultGraceSeconds: () => 0,
  lingers: () => false,
  awaitsTermination: () => false,
  forbidden: () => undefined,
  markDeleting: () => undefined,
};

/** A strategy with Kubernetes' defaults for whatever the kind does not say. */
export function defineResource<T extends KubeObject>(spec: Identity<T> & Optional<T>): ResourceStrategy<T> {
  let schema: ObjectSchema | undefined;
  const subresources = spec.subresources ?? [];
  return {
    singular: spec.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: VERBS as Verb[],
    fieldSelectors: [],
    statusFromSubresourceOnly: subresources.some((s) => s.name === 'status'),
    printer: simplePrinter<T>(),
    defaults: () => undefined,
    prepareForCreate: () => undefined,
    validate: () => [],
    nameProblem: dns1123Subdomain,
    ...spec,
    subresources,
    delete: { ...immediateDelete, ...spec.delete },
    get schema() {
      schema ??= kindSchema(spec.definition);
      return schema;
    },
  };
}
