// Decodes `application/vnd.kubernetes.protobuf` request bodies (what kubectl 1.32+ sends for
// `kubectl create namespace|configmap|secret|deployment|service|job|priorityclass|quota`) into the JSON form of the object.

import { badRequest, statusError } from '@stevedore/api';
import * as protobuf from 'protobufjs';
import { K8S_PROTO_SOURCES } from './k8s-schema';

/** Every Kubernetes protobuf body starts with "k8s\0". */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const META = '.k8s.io.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
/** Go embeds this struct with `json:",inline"`, so its fields belong to the parent object. */
const LOCAL_OBJECT_REFERENCE = '.k8s.io.api.core.v1.LocalObjectReference';

function buildRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const source of K8S_PROTO_SOURCES) protobuf.parse(source, root, { keepCase: true });
  root.resolveAll();
  return root;
}

/** The schema, parsed once when the module loads. */
export const k8sProtoRoot = buildRoot();

const UNKNOWN = k8sProtoRoot.lookupType('.k8s.io.apimachinery.pkg.runtime.Unknown');

/** `apiVersion/kind` → the message that encodes the object. */
const KINDS: ReadonlyMap<string, protobuf.Type> = new Map(
  [
    ['v1', 'Namespace', '.k8s.io.api.core.v1.Namespace'],
    ['v1', 'ConfigMap', '.k8s.io.api.core.v1.ConfigMap'],
    ['v1', 'Secret', '.k8s.io.api.core.v1.Secret'],
    ['v1', 'Service', '.k8s.io.api.core.v1.Service'],
    ['apps/v1', 'Deployment', '.k8s.io.api.apps.v1.Deployment'],
    ['batch/v1', 'Job', '.k8s.io.api.batch.v1.Job'],
    ['scheduling.k8s.io/v1', 'PriorityClass', '.k8s.io.api.scheduling.v1.PriorityClass'],
    ['autoscaling/v1', 'HorizontalPodAutoscaler', '.k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', '.k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler'],
    ['v1', 'ServiceAccount', '.k8s.io.api.core.v1.ServiceAccount'],
    ['v1', 'ResourceQuota', '.k8s.io.api.core.v1.ResourceQuota'],
    ['authentication.k8s.io/v1', 'TokenRequest', '.k8s.io.api.authentication.v1.TokenRequest'],
    ['authentication.k8s.io/v1', 'SelfSubjectReview', '.k8s.io.api.authentication.v1.SelfSubjectReview'],
    ['authorization.k8s.io/v1', 'SelfSubjectAccessReview', '.k8s.io.api.authorization.v1.SelfSubjectAccessReview'],
    ['authorization.k8s.io/v1', 'SubjectAccessReview', '.k8s.io.api.authorization.v1.SubjectAccessReview'],
    ['authorization.k8s.io/v1', 'LocalSubjectAccessReview', '.k8s.io.api.authorization.v1.LocalSubjectAccessReview'],
    ['authorization.k8s.io/v1', 'SelfSubjectRulesReview', '.k8s.io.api.authorization.v1.SelfSubjectRulesReview'],
    ['rbac.authorization.k8s.io/v1', 'Role', '.k8s.io.api.rbac.v1.Role'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', '.k8s.io.api.rbac.v1.ClusterRole'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', '.k8s.io.api.rbac.v1.RoleBinding'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', '.k8s.io.api.rbac.v1.ClusterRoleBinding'],
  ].map(([apiVersion, kind, message]) => [`${apiVersion}/${kind}`, k8sProtoRoot.lookupType(message!)]),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Decoded = Record<string, unknown>;

/** int64 fields come back as numbers or, when the `long` package is present, as Long objects. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'low' in value) return Number(String(value));
  return Number(value);
}

function fullName(type: protobuf.Type): string {
  return type.fullName.startsWith('.') ? type.fullName : `.${type.fullName}`;
}

/** meta/v1 Time: RFC3339 in UTC with whole seconds, like Go's JSON. The zero time is "unset". */
function timeToJson(message: Decoded): string | undefined {
  const seconds = toNumber(message.seconds ?? 0);
  if (seconds === 0 && toNumber(message.nanos ?? 0) === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function intOrStringToJson(message: Decoded): number | string {
  return toNumber(message.type ?? 0) === 1 ? String(message.strVal ?? '') : toNumber(message.intVal ?? 0);
}

/** Converts a message value; undefined means "leave the field out". */
function messageToJson(type: protobuf.Type, message: Decoded): Json | undefined {
  switch (fullName(type)) {
    case TIME:
      return timeToJson(message);
    case QUANTITY:
      return String(message.string ?? '');
    case INT_OR_STRING:
      return intOrStringToJson(message);
  }
  const out: { [key: string]: Json } = {};
  for (const field of type.fieldsArray) {
    // protobufjs sets own properties only for fields read from the wire (maps and repeated
    // fields always exist, but are empty unless present).
    if (!Object.hasOwn(message, field.name)) continue;
    const value = message[field.name];
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (!entries.length) continue;
      const map: { [key: string]: Json } = {};
      for (const [key, v] of entries) {
        // Map values are kept even when empty: `data: {a: ""}` is meaningful.
        const converted = singleToJson(field, v, true);
        if (converted !== undefined) map[key] = converted;
      }
      out[field.name] = map;
    } else if (field.repeated) {
      const items = value as unknown[];
      if (!items.length) continue;
      out[field.name] = items.map((v) => singleToJson(field, v, true) ?? null);
    } else if (
      field.resolvedType instanceof protobuf.Type &&
      fullName(field.resolvedType) === LOCAL_OBJECT_REFERENCE &&
      field.name === 'localObjectReference'
    ) {
      const inline = singleToJson(field, value, false);
      if (inline && typeof inline === 'object' && !Array.isArray(inline)) Object.assign(out, inline);
    } else {
      const converted = singleToJson(field, value, false);
      if (converted === undefined) continue;
      // Go value fields with omitempty are always on the wire; their zero means "unset" (see k8s-schema.ts).
      if ((converted === 0 || converted === false) && field.options?.['(zero_is_unset)'] === true) continue;
      out[field.name] = converted;
    }
  }
  return out;
}

/** One value of a field (a map value or repeated element when `keepEmpty`). */
function singleToJson(field: protobuf.Field, value: unknown, keepEmpty: boolean): Json | undefined {
  if (field.resolvedType instanceof protobuf.Type) return messageToJson(field.resolvedType, value as Decoded);
  if (field.resolvedType instanceof protobuf.Enum) return value as number; // no enums in the subset; kept for safety
  switch (field.type) {
    case 'string':
      return value === '' && !keepEmpty ? undefined : String(value);
    case 'bytes':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'bool':
      return Boolean(value);
    default:
      // Numbers, zeros included (`replicas: 0` must survive) unless the field says otherwise.
      return toNumber(value);
  }
}

/**
 * Decodes a Kubernetes protobuf body: the "k8s\0" magic, then a runtime.Unknown whose `raw`
 * holds the object of kind `typeMeta`. Returns the object in its JSON form with apiVersion and kind.
 * 400 when the body is not such an envelope; 415 for kinds this server cannot decode.
 */
export function decodeKubernetesProtobuf(body: Buffer): unknown {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`);
  }
  let envelope: Decoded;
  try {
    envelope = UNKNOWN.decode(body.subarray(PROTOBUF_MAGIC.length)) as unknown as Decoded;
  } catch (err) {
    throw badRequest(`error decoding protobuf: ${(err as Error).message}`);
  }
  const typeMeta = (envelope.typeMeta ?? {}) as Decoded;
  const apiVersion = String(typeMeta.apiVersion ?? '');
  const kind = String(typeMeta.kind ?? '');
  const contentEncoding = String(envelope.contentEncoding ?? '');
  if (contentEncoding) {
    throw statusError(
      415,
      'UnsupportedMediaType',
      `the protobuf body uses content encoding "${contentEncoding}", which is not supported; send JSON instead`,
    );
  }
  const type = KINDS.get(`${apiVersion}/${kind}`);
  if (!type) {
    const what = apiVersion || kind ? `${apiVersion}, Kind=${kind}` : 'an object without apiVersion and kind';
    throw statusError(
      415,
      'UnsupportedMediaType',
      `the server cannot decode ${what} from ${PROTOBUF_CONTENT_TYPE}; send application/json instead`,
    );
  }
  let object: Decoded;
  try {
    const raw = (envelope.raw as Uint8Array | undefined) ?? new Uint8Array(0);
    object = type.decode(raw) as unknown as Decoded;
  } catch (err) {
    throw badRequest(`error decoding protobuf ${kind}: ${(err as Error).message}`);
  }
  const converted = messageToJson(type, object) as { [key: string]: Json };
  return { apiVersion, kind, ...converted };
}
