import type { ApiObject } from '../objects/api-object';
import type { WriteOptions } from './object-registry';

/**
 * A step between validation and storage that needs other objects to decide (Kubernetes'
 * admission plugins): a pod's priority from its PriorityClass, say. It may complete the object
 * or refuse it with a Status error. The registry calls it for the resource it is registered for.
 */
export interface Admission {
  /** A new object, defaulted and valid, before it is stored. */
  create(object: ApiObject, options?: WriteOptions): Promise<void>;
  /** A write of the main resource (not a subresource) over `current`. */
  update(current: ApiObject, next: ApiObject, options?: WriteOptions): Promise<void>;
}
