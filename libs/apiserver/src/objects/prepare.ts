// The write path before storage: identity checks, server-owned fields, defaults and validation.
// Everything here is pure, so a rejected request has touched nothing.

import {
  apiVersionOf,
  badRequest,
  cloneJson,
  type FieldValidation,
  invalid,
  type ResourceStrategy,
  statusError,
  validateOrThrow,
} from '@stevedore/api';
import { randomInt } from 'crypto';

import type { ApiObject as Obj } from './api-object';

export interface Prepared {
  object: Obj;
  /** Warning headers to send (unknown fields with fieldValidation=Warn). */
  warnings: string[];
}

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
  return prefix + suffix;
}

function checkIdentity(resource: ResourceStrategy, body: unknown, namespace: string | undefined): Obj {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be a JSON or YAML object');
  const obj = cloneJson(body) as Obj;
  const apiVersion = apiVersionOf(resource);
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== resource.kind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${resource.kind})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = resource.kind;
  obj.metadata ??= {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object');
  if (resource.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
  } else {
    delete obj.metadata.namespace;
  }
  return obj;
}

/**
 * Validates in Kubernetes' order: the structure first (types, required and unknown fields), so
 * defaulting can trust it; then the kind's defaults; then its cross-field rules.
 */
function validateAndDefault(resource: ResourceStrategy, obj: Obj, mode: FieldValidation, old?: Obj): string[] {
  const warnings = validateOrThrow(resource.schema, obj, {
    kind: resource.kind,
    group: resource.group,
    mode,
    nameProblem: resource.nameProblem,
  });
  if (mode !== 'Strict') removeUnknown(resource, obj);
  resource.defaults(obj);
  const causes = resource.validate(obj, old);
  if (causes.length) throw invalid(resource.kind, obj.metadata.name ?? '', causes, resource.group);
  return warnings;
}

function removeUnknown(resource: ResourceStrategy, obj: Obj): void {
  const unknown: string[] = [];
  resource.schema.unknownFields(obj, '', unknown);
  for (const path of unknown) {
    // Paths look like `spec.containers[0].foo`; walk to the parent and drop the key.
    const keys = path
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/\[([^\]]+)\]/g, '.$1')
      .split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<any>((node, k) => (node == null ? node : node[k]), obj);
    if (parent && typeof parent === 'object') delete parent[last];
  }
}

/** Prepares a POST body: the returned object is ready for Store.create (which sets uid, RV, timestamps). */
export function prepareCreate(
  resource: ResourceStrategy,
  body: unknown,
  namespace: string | undefined,
  mode: FieldValidation = 'Strict',
): Prepared {
  const obj = checkIdentity(resource, body, namespace);
  if (resource.namespaced && !obj.metadata.namespace) throw badRequest('the namespace of the object is missing');
  if (obj.metadata.resourceVersion) {
    throw invalid(
      resource.kind,
      obj.metadata.name ?? '',
      [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          message: 'Invalid value: must not be set on objects to be created',
        },
      ],
      resource.group,
    );
  }
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
  for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink']) {
    delete obj.metadata[field];
  }
  return { object: obj, warnings: validateAndDefault(resource, obj, mode) };
}

/**
 * Prepares a full replacement (PUT, or the result of a PATCH) of `current`. Server-owned
 * metadata is carried over; on the main resource the status is kept, on `/status` only the
 * status changes.
 */
export function prepareUpdate(
  resource: ResourceStrategy,
  current: Obj,
  body: unknown,
  opts: { namespace?: string; name: string; subresource?: string; mode?: FieldValidation },
): Prepared {
  const obj = checkIdentity(resource, body, opts.namespace);
  if (obj.metadata.name !== undefined && obj.metadata.name !== opts.name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${opts.name})`);
  }
  if (obj.metadata.uid && obj.metadata.uid !== current.metadata.uid) {
    throw statusError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  obj.metadata.name = opts.name;
  for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
    if (current.metadata[field] !== undefined) obj.metadata[field] = current.metadata[field];
    else delete obj.metadata[field];
  }
  let result = obj;
  if (opts.subresource === 'status') {
    result = {
      ...cloneJson(current),
      status: obj.status,
      metadata: { ...current.metadata, resourceVersion: obj.metadata.resourceVersion },
    };
  } else if (resource.statusFromSubresourceOnly) {
    result.status = cloneJson(current.status);
  }
  return { object: result, warnings: validateAndDefault(resource, result, opts.mode ?? 'Strict', current) };
}
