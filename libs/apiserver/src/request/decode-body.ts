// Decodes request bodies: JSON, YAML or Kubernetes protobuf, size-limited, with Kubernetes' errors for bad input.

import { badRequest, statusError } from '@stevedore/api';
import { parseDocument } from 'yaml';
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from './protobuf/decode-protobuf';
import { estimatedYamlDepth, MAX_ESTIMATED_YAML_DEPTH } from './yaml-depth';

/** Kubernetes' limit on request bodies (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
const MAX_DEPTH = 100;

function depth(value: unknown, level = 0): number {
  if (level > MAX_DEPTH) return level;
  if (typeof value !== 'object' || value === null) return level;
  let max = level;
  for (const v of Object.values(value)) max = Math.max(max, depth(v, level + 1));
  return max;
}

/**
 * JSON.parse keeps the last of duplicate keys silently; Kubernetes' strict decoding refuses
 * them. This scans the (already valid) JSON text once, tracking the keys of each open object.
 */
export function findDuplicateKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
      }
      expectKey = false;
      i = j;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

/** kube-apiserver's words for a body over the limit. */
export function tooLarge() {
  return statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
}

function decodeYaml(text: string): unknown {
  if (estimatedYamlDepth(text) > MAX_ESTIMATED_YAML_DEPTH) throw nestedTooDeep();
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) throw badRequest(`error decoding YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  try {
    // Alias expansion is capped so a small "billion laughs" body cannot blow up memory.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
}

function nestedTooDeep() {
  return badRequest(`the request body is nested more than ${MAX_DEPTH} levels deep`);
}

/**
 * Parses a body of at most MAX_BODY_BYTES: Kubernetes protobuf (what kubectl 1.32+ sends for
 * `create <generator>`) or YAML when the content type says so, JSON otherwise.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length > MAX_BODY_BYTES) {
    throw tooLarge();
  }
  if ((contentType ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE) return decodeKubernetesProtobuf(body);
  const text = body.toString('utf8');
  if (Buffer.byteLength(text) !== body.length || text.includes('\uFFFD')) throw badRequest('the request body is not valid UTF-8');
  const isYaml = /yaml/i.test(contentType ?? '');
  let value: unknown;
  if (isYaml) {
    value = decodeYaml(text);
  } else {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw badRequest(`error decoding JSON: ${(err as Error).message}`);
    }
    const duplicate = findDuplicateKey(text);
    if (duplicate !== undefined) throw badRequest(`error decoding JSON: duplicate field "${duplicate}"`);
  }
  if (depth(value) > MAX_DEPTH) throw nestedTooDeep();
  return value;
}
