// The strategies a CustomResourceDefinition serves: one per served version. The storage version
// stores the objects; the others are served by conversion, which with `conversion: None` only
// rewrites apiVersion, as kube-apiserver's nop converter does, and with `Webhook` asks the CRD's
// conversion webhook through the transport the API server gives.
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../generated/kubernetes-types';
import type { OpenApiSchema } from '../../openapi';
import {
  apiVersionOf,
  type Conversion,
  defineResource,
  type KubeObject,
  localConversion,
  type ResourceStrategy,
  subresource,
} from '../../strategy';
import { deprecationWarningOf } from './deprecation-warning';
import { customPrinter } from './printer-columns';
import { CustomResourceSchema } from './schema/custom-schema';
import { type ConversionWebhookTransport, webhookConversion } from './webhook-conversion';

/** The definition name upstream gives a custom kind in OpenAPI: reversed group, version, kind. */
export function customDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** What `kubectl explain` and client-side validation read: the schema, with metadata and the GVK. */
function openapiSchema(v: CustomResourceDefinitionVersion, group: string, kind: string): OpenApiSchema {
  const root = structuredClone(v.schema?.openAPIV3Schema ?? { type: 'object' }) as OpenApiSchema;
  root.properties = {
    apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
    kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
    ...root.properties,
    metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
  };
  root['x-kubernetes-group-version-kind'] = [{ group, version: v.name, kind }];
  return root;
}

/** Defaults applied to a stored object, on a copy, and only when they change something. */
function readDefaults(schema: CustomResourceSchema, obj: KubeObject): KubeObject {
  if (!schema.hasDefaults) return obj;
  const copy = structuredClone(obj);
  schema.applyDefaults(copy);
  return JSON.stringify(copy) === JSON.stringify(obj) ? obj : copy;
}

function versionStrategy(crd: CustomResourceDefinition, v: CustomResourceDefinitionVersion): ResourceStrategy {
  const { group, names, scope } = crd.spec;
  let schema: CustomResourceSchema | undefined;
  const schemaOfVersion = () => {
    schema ??= new CustomResourceSchema(v.schema?.openAPIV3Schema ?? { type: 'object' });
    return schema;
  };
  const definition = customDefinitionName(group, v.name, names.kind);
  const subresources = [
    ...(v.subresources?.status ? [subresource('status')] : []),
    ...(v.subresources?.scale ? [subresource('scale')] : []),
  ];
  const strategy = defineResource<KubeObject>({
    group,
    version: v.name,
    kind: names.kind,
    plural: names.plural,
    namespaced: scope === 'Namespaced',
    definition,
    singular: names.singular ?? names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    subresources,
    openapi: openapiSchema(v, group, names.kind),
    printer: customPrinter(v.additionalPrinterColumns),
    scalePaths: v.subresources?.scale ?? undefined,
    deprecationWarning: deprecationWarningOf(crd, v),
    noStrategicMerge: true,
    terminating: crd.metadata.deletionTimestamp !== undefined,
    defaults: (obj) => schemaOfVersion().pruneAndDefault(obj),
    validate: (obj, old) => schemaOfVersion().checkObject(obj, old),
    onRead: (obj) => readDefaults(schemaOfVersion(), obj),
  });
  return Object.defineProperty(strategy, 'schema', { get: schemaOfVersion });
}

/** Conversion None: the same object under another apiVersion. */
function nopConversion(storage: ResourceStrategy, served: ResourceStrategy): Conversion {
  const withVersion = (o: KubeObject, apiVersion: string): KubeObject => ({ ...o, apiVersion });
  return localConversion(
    storage,
    (o) => withVersion(o, apiVersionOf(storage)),
    (o) => withVersion(o, apiVersionOf(served)),
  );
}

/**
 * One strategy per served version; none when the definition has no storage version. `webhooks`
 * calls a `Webhook` conversion's webhook (without it such a version answers every request 500).
 */
export function customResourceStrategies(crd: CustomResourceDefinition, webhooks?: ConversionWebhookTransport): ResourceStrategy[] {
  const storageVersion = crd.spec.versions.find((v) => v.storage);
  if (!storageVersion) return [];
  const storage = versionStrategy(crd, storageVersion);
  const others = crd.spec.versions
    .filter((v) => v.served && v !== storageVersion)
    .map((v) => {
      const served = versionStrategy(crd, v);
      served.conversion =
        crd.spec.conversion?.strategy === 'Webhook' ? webhookConversion(crd, storage, served, webhooks) : nopConversion(storage, served);
      return served;
    });
  return [...(storageVersion.served ? [storage] : []), ...others];
}
