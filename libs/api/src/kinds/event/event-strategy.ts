// core/v1 Events, as kubectl describe lists them by their involved object.
import type { Event } from '../../generated/kubernetes-types';
import { age, column, type Printer } from '../../printing';
import { defineResource } from '../../strategy';

const eventPrinter: Printer<Event> = {
  // As upstream: the event's own name is shown only with -o wide.
  columns: [
    column('Last Seen'),
    column('Type'),
    column('Reason'),
    column('Object'),
    column('Message'),
    column('Name', 'string', 1, 'name'),
  ],
  cells: (e, now) => [
    age(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp, now),
    e.type ?? '',
    e.reason ?? '',
    `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`,
    e.message ?? '',
    e.metadata.name,
  ],
};

export const events = defineResource<Event>({
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Event',
  shortNames: ['ev'],
  fieldSelectors: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'type',
  ],
  printer: eventPrinter,
});
