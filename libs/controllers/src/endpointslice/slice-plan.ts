// Which slices to create, rewrite or delete so a Service's slices hold the wanted contents in
// pieces of at most a hundred endpoints. A slice that already holds a piece is left alone, and
// rewrites reuse existing slices, so an endpoint change touches as few objects as possible.
import type { EndpointSlice } from '@stevedore/api';
import type { SliceContents } from './slice-contents';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  create: SliceContents[];
  update: { slice: EndpointSlice; contents: SliceContents }[];
  remove: EndpointSlice[];
}

function pieces(wanted: readonly SliceContents[]): SliceContents[] {
  const out: SliceContents[] = [];
  for (const group of wanted) {
    for (let i = 0; i < group.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: group.ports, endpoints: group.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  // A Service with no endpoints keeps one empty slice, as Kubernetes does: watchers see "none" rather than "unknown".
  return out.length ? out : [{ ports: [], endpoints: [] }];
}

const contentKey = (c: SliceContents) => JSON.stringify([c.ports, c.endpoints]);
const sliceKey = (s: EndpointSlice) => JSON.stringify([s.ports ?? [], s.endpoints]);

/** `labelsMatch` says whether a slice's labels are already what the controller sets. */
export function planSlices(
  wanted: readonly SliceContents[],
  existing: readonly EndpointSlice[],
  labelsMatch: (slice: EndpointSlice) => boolean,
): SlicePlan {
  const free = [...existing].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  const update: SlicePlan['update'] = [];
  const unplaced: SliceContents[] = [];
  for (const piece of pieces(wanted)) {
    const same = free.findIndex((s) => sliceKey(s) === contentKey(piece));
    if (same < 0) {
      unplaced.push(piece);
      continue;
    }
    const [slice] = free.splice(same, 1);
    if (!labelsMatch(slice!)) update.push({ slice: slice!, contents: piece });
  }
  const reused = unplaced.slice(0, free.length).map((contents, i) => ({ slice: free[i]!, contents }));
  return { update: [...update, ...reused], create: unplaced.slice(free.length), remove: free.slice(reused.length) };
}
