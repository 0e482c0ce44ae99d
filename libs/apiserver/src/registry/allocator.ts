import type { ApiObject } from '../objects/api-object';

/**
 * Hands out values that must be unique across all objects of one resource (a Service's cluster
 * IP and node ports), as kube-apiserver's REST storage does around the generic store. The
 * registry calls it for the resource it is registered for.
 */
export interface Allocator {
  /** Fills in a new object's values; requested ones must be free (422 otherwise). A dry run reserves nothing. */
  assign(object: ApiObject, dryRun?: boolean): Promise<void>;
  /** Keeps the values of `current` that `next` leaves out, and checks the ones it changes; a dry run reserves nothing. */
  carryOver(current: ApiObject, next: ApiObject, dryRun?: boolean): Promise<void>;
}
