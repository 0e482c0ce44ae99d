// Content negotiation: which representation the client asked for, and how its body is encoded.
export type Representation = 'Table' | 'PartialObjectMetadata' | 'Object';

/** kubectl get asks for `application/json;as=Table;v=v1;g=meta.k8s.io, …, application/json`. */
export function wantedRepresentation(accept: string | undefined): Representation {
  for (const part of (accept ?? '').split(',')) {
    const params = Object.fromEntries(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.g === 'meta.k8s.io' && params.as === 'Table' && (params.v === 'v1' || params.v === 'v1beta1')) return 'Table';
    if (part.trim().startsWith('application/json') && !params.as) return 'Object';
  }
  return 'Object';
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+json': 'apply',
};

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  return PATCH_TYPES[(contentType ?? '').split(';')[0]!.trim().toLowerCase()];
}
