// Writes core/v1 Events about objects, as `kubectl describe` reads them. Recording is best
// effort: an event that cannot be written must never fail the work it describes.
import { randomBytes } from 'crypto';
import { findResource } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';

const EVENTS = findResource('', 'events')!;

export class EventRecorder {
  constructor(private readonly registry: ObjectRegistry, private readonly component: string) {}

  record(object: ApiObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = this.registry.timestamp();
    const namespace = object.metadata.namespace ?? 'default';
    const event = {
      metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        kind: object.kind, apiVersion: object.apiVersion, name: object.metadata.name, namespace: object.metadata.namespace,
        uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion,
      },
      type, reason, message, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: this.component }, reportingComponent: this.component,
    };
    void this.registry.create(EVENTS, namespace, event, { fieldValidation: 'Ignore' }).catch(() => undefined);
  }
}
