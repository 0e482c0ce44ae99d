// The Kubernetes 1.32 OpenAPI definitions, kept in the repository as data (libs/api/openapi) and
// read once, on first use. They are the one source of the served kinds' fields: the validating
// schemas, the generated TypeScript types and the OpenAPI documents kubectl reads all come from them.
import { readFileSync } from 'fs';
import { join } from 'path';

/** One OpenAPI v2 schema object as the definitions file holds it. */
export interface OpenApiSchema {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  $ref?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  /** Used by custom kinds' schemas only (Kubernetes' own definitions state these in code). */
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'map' | 'set';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [extension: `x-${string}`]: unknown;
}

export const KUBERNETES_VERSION = '1.32';
const DATA = join(__dirname, '..', '..', 'openapi');

let definitions: Record<string, OpenApiSchema> | undefined;
let stricter: Record<string, string[]> | undefined;

function load(file: string): unknown {
  return JSON.parse(readFileSync(join(DATA, file), 'utf8'));
}

/** Every definition by its full name, e.g. `io.k8s.api.core.v1.Pod`. */
export function allDefinitions(): Readonly<Record<string, OpenApiSchema>> {
  definitions ??= load(`kubernetes-${KUBERNETES_VERSION}-definitions.json`) as Record<string, OpenApiSchema>;
  return definitions;
}

export function definition(name: string): OpenApiSchema {
  const found = allDefinitions()[name];
  if (!found) throw new Error(`no OpenAPI definition named ${name}`);
  return found;
}

/** The definition a `$ref` (`#/definitions/NAME`) points at. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/**
 * Fields our API requires beyond upstream's `required` (a Pod's spec, say): Kubernetes rejects
 * them as empty later on, we say so up front, and the generated types can then rely on them.
 */
export function stricterRequired(name: string): readonly string[] {
  stricter ??= load('stricter-required.json') as Record<string, string[]>;
  return stricter[name] ?? [];
}
