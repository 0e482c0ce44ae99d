// The ConversionReview a conversion webhook is sent (apiextensions.k8s.io/v1, or v1beta1 for a
// webhook that lists only that: the same shape), and what kube-apiserver checks of its answer
// before trusting it: the same kind and uid (v1 only, as upstream), a successful result, one
// converted object per object sent, each in the desired apiVersion with the same kind, name,
// namespace and uid. Of the metadata only labels and annotations may change; the rest is put
// back from the original, so a webhook can never rename, re-own or re-version an object.
import type { ObjectMeta } from '../../generated/kubernetes-types';
import { labelValue, qualifiedName } from '../../meta/names';
import type { KubeObject } from '../../strategy';

export interface ConversionRequest {
  uid: string;
  desiredAPIVersion: string;
  objects: KubeObject[];
}

export interface ConversionResponse {
  uid?: string;
  convertedObjects?: unknown[];
  result?: { status?: string; message?: string };
}

export type ReviewVersion = 'apiextensions.k8s.io/v1' | 'apiextensions.k8s.io/v1beta1';

export interface ConversionReview {
  apiVersion: ReviewVersion;
  kind: 'ConversionReview';
  request: ConversionRequest;
  response?: ConversionResponse;
}

/** Why a webhook's answer was not used; the message completes "conversion webhook for GVK ...". */
export class ConversionAnswerError extends Error {}

/** The first of the webhook's conversionReviewVersions this server speaks (validation ensures one). */
export function reviewVersionFor(conversionReviewVersions: readonly string[]): ReviewVersion {
  const known = conversionReviewVersions.find((v) => v === 'v1' || v === 'v1beta1');
  return known === 'v1beta1' ? 'apiextensions.k8s.io/v1beta1' : 'apiextensions.k8s.io/v1';
}

export function conversionReview(
  apiVersion: ReviewVersion,
  uid: string,
  desiredAPIVersion: string,
  objects: KubeObject[],
): ConversionReview {
  return { apiVersion, kind: 'ConversionReview', request: { uid, desiredAPIVersion, objects } };
}

function responseOf(answer: unknown, sent: ConversionReview): ConversionResponse {
  const { uid } = sent.request;
  const review = (answer ?? {}) as { apiVersion?: string; kind?: string; response?: ConversionResponse };
  const v1 = sent.apiVersion === 'apiextensions.k8s.io/v1';
  if (v1 && (review.apiVersion !== sent.apiVersion || review.kind !== 'ConversionReview'))
    throw new ConversionAnswerError(
      `failed: expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got ${review.apiVersion ?? ''}, Kind=${review.kind ?? ''}`,
    );
  const response = review.response;
  if (!response) throw new ConversionAnswerError('failed: no response provided');
  if (v1 && response.uid !== uid) throw new ConversionAnswerError(`failed: expected response.uid="${uid}", got "${response.uid ?? ''}"`);
  const result = response.result ?? {};
  if (result.status !== 'Success')
    throw new ConversionAnswerError(`failed: ${result.message || `response.result.status was '${result.status ?? ''}', not 'Success'`}`);
  return response;
}

function sameIdentity(original: KubeObject, converted: KubeObject): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['kind', original.kind, converted.kind],
    ['name', original.metadata?.name, converted.metadata?.name],
    ['namespace', original.metadata?.namespace, converted.metadata?.namespace],
    ['UID', original.metadata?.uid, converted.metadata?.uid],
  ];
  const changed = pairs.find(([, a, b]) => (a ?? '') !== (b ?? ''));
  return changed && `must have the same ${changed[0]}: ${changed[1] ?? ''} != ${changed[2] ?? ''}`;
}

/** What ValidateLabels would say of labels a webhook returned, as `metadata.labels: Invalid value: ...`. */
function labelsProblem(labels: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(labels)) {
    const problem = qualifiedName(key) ?? labelValue(value);
    if (problem) return `metadata.labels: Invalid value: ${JSON.stringify(qualifiedName(key) ? key : value)}: ${problem}`;
  }
  return undefined;
}

/** The original's metadata with the converted object's labels and annotations (checked). */
function restoredMetadata(original: KubeObject, converted: KubeObject): ObjectMeta {
  const given = converted.metadata as unknown;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Error('missing metadata in converted object');
  const metadata: ObjectMeta = structuredClone(original.metadata ?? {});
  for (const field of ['labels', 'annotations'] as const) {
    const value = (given as Record<string, unknown>)[field];
    delete metadata[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`invalid metadata.${field} in converted object`);
    for (const [k, v] of Object.entries(value))
      if (typeof v !== 'string') throw new Error(`metadata.${field}[${k}] must be a string, but is ${typeof v} in converted object`);
    const problem = field === 'labels' ? labelsProblem(value as Record<string, string>) : undefined;
    if (problem) throw new Error(problem);
    metadata[field] = value as Record<string, string>;
  }
  return metadata;
}

function checkedObject(raw: unknown, original: KubeObject, desired: string, at: string): KubeObject {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConversionAnswerError(`returned invalid converted object ${at}: not an object`);
  const converted = raw as KubeObject;
  if (converted.apiVersion !== desired)
    throw new ConversionAnswerError(
      `returned invalid converted object ${at}: invalid groupVersion (expected ${desired}, received ${converted.apiVersion ?? ''})`,
    );
  const identity = sameIdentity(original, converted);
  if (identity) throw new ConversionAnswerError(`returned invalid converted object ${at}: ${identity}`);
  try {
    return { ...converted, metadata: restoredMetadata(original, converted) };
  } catch (err) {
    throw new ConversionAnswerError(`returned invalid metadata in object ${at}: ${(err as Error).message}`);
  }
}

/** The converted objects of a webhook's answer to `sent`, in order, or a ConversionAnswerError. */
export function convertedObjects(answer: unknown, sent: ConversionReview): KubeObject[] {
  const { request } = sent;
  const response = responseOf(answer, sent);
  const objects = response.convertedObjects ?? [];
  if (objects.length !== request.objects.length)
    throw new ConversionAnswerError(`returned ${objects.length} objects, expected ${request.objects.length}`);
  return objects.map((raw, i) => checkedObject(raw, request.objects[i] as KubeObject, request.desiredAPIVersion, `at index ${i}`));
}
