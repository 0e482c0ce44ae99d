// OpenAPI v3 documents: our operations over Kubernetes' own definitions (so `kubectl explain`
// shows every field with its description, and client-side apply finds the patch keys). kubectl
// looks for a PATCH operation tagged with x-kubernetes-group-version-kind that takes
// `fieldValidation`; finding it, it leaves validation to the server (fieldValidation=Strict).

import { componentSchemas, dynamicResources, type ResourceStrategy } from '@stevedore/api';
import { createHash } from 'crypto';
import { groupVersions } from '../discovery/discovery';

/** kubectl 1.27 (and any fallback) asks for v2 as protobuf; an empty body is a valid empty document. */
export const OPENAPI_V2_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function operations(r: ResourceStrategy) {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const ref = { $ref: `#/components/schemas/${r.definition}` };
  const query = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  const body = (types: string[]) => ({ content: Object.fromEntries(types.map((t) => [t, { schema: ref }])), required: true });
  const ok = { responses: { '200': { content: { 'application/json': { schema: ref } } } } };
  return {
    get: { operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, ...ok },
    put: {
      operationId: `replace${r.kind}`,
      'x-kubernetes-action': 'put',
      'x-kubernetes-group-version-kind': gvk,
      parameters: [query('dryRun'), query('fieldManager'), query('fieldValidation')],
      requestBody: body(['*/*']),
      ...ok,
    },
    patch: {
      operationId: `patch${r.kind}`,
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
      parameters: [
        query('dryRun'),
        query('fieldManager'),
        query('fieldValidation'),
        { name: 'force', in: 'query', schema: { type: 'boolean' } },
      ],
      // kubectl computes a strategic merge patch only where the operation offers one.
      requestBody: body(r.noStrategicMerge ? PATCH_TYPES.filter((t) => !t.startsWith('application/strategic')) : PATCH_TYPES),
      ...ok,
    },
    delete: {
      operationId: `delete${r.kind}`,
      'x-kubernetes-action': 'delete',
      'x-kubernetes-group-version-kind': gvk,
      responses: { '200': {} },
    },
  };
}

type Document = ReturnType<typeof buildDocument>;
const documents = new Map<string, Document>();
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
// Kinds defined at run time change the documents: rebuilt on next request.
dynamicResources.onChange(() => documents.clear());

/** The OpenAPI v3 document of one group version, or undefined when we do not serve it. Built once: the served kinds are fixed. */
export function openapiDocument(group: string, version: string, kubernetesVersion: string): Document {
  const key = `${group}/${version}@${kubernetesVersion}`;
  if (!documents.has(key)) documents.set(key, buildDocument(group, version, kubernetesVersion));
  return documents.get(key);
}

function buildDocument(group: string, version: string, kubernetesVersion: string) {
  const gv = groupVersions().find((g) => g.group === group && g.version === version);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of gv.resources) {
    const base = `/${gvPath(group, version)}`;
    const item = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}/{name}` : `${base}/${r.plural}/{name}`;
    paths[item] = { parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], ...operations(r) };
  }
  const custom = gv.resources.filter((r) => r.openapi);
  const roots = [...gv.resources.map((r) => r.definition), ...(custom.length ? [OBJECT_META] : [])];
  const schemas: Record<string, unknown> = componentSchemas(roots);
  for (const r of custom)
    schemas[r.definition] = JSON.parse(JSON.stringify(r.openapi).replaceAll('#/definitions/', '#/components/schemas/'));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: kubernetesVersion }, paths, components: { schemas } };
}

/** The /openapi/v3 index: one entry per group version, with a hash that changes when the document does. */
export function openapiIndex(kubernetesVersion: string) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) {
    const doc = openapiDocument(gv.group, gv.version, kubernetesVersion);
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 32).toUpperCase();
    const path = gvPath(gv.group, gv.version);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}
