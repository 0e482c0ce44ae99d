// Writes core/v1 Events about objects, as `kubectl describe` reads them. Recording is best
// effort: an event that cannot be written must never fail the work it describes. Repeats are
// counted on one Event (see EventCorrelator).
import type { Event, KubeObject } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { EventCorrelator } from './event-correlator';

export class EventRecorder {
  private readonly correlator: EventCorrelator;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly component: string,
  ) {
    this.correlator = new EventCorrelator(registry);
  }

  record(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = this.registry.timestamp();
    const event: Event = {
      metadata: { namespace: object.metadata.namespace ?? 'default' },
      involvedObject: {
        kind: object.kind,
        apiVersion: object.apiVersion,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.component },
      reportingComponent: this.component,
    };
    void this.correlator.record(event);
  }
}
