// ControllerRevisions: immutable snapshots of a workload's pod template, written by the
// StatefulSet and DaemonSet controllers and read by `kubectl rollout history|undo`.
import type { ControllerRevision } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';

/** `statefulset.apps/web`, as kubectl prints a revision's controller. */
function controllerText(cr: ControllerRevision): string {
  const ref = (cr.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return '<none>';
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

const printer: Printer<ControllerRevision> = {
  columns: [nameColumn, column('Controller'), column('Revision', 'integer'), ageColumn],
  cells: (cr, now) => [cr.metadata.name, controllerText(cr), cr.revision, age(cr.metadata.creationTimestamp, now)],
};

function revisionRules(cr: ControllerRevision, old?: ControllerRevision): Cause[] {
  const causes: Cause[] = [];
  if (cr.revision < 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'revision',
      message: `Invalid value: ${cr.revision}: must be greater than or equal to 0`,
    });
  }
  if (old && JSON.stringify(cr.data) !== JSON.stringify(old.data)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'data', message: 'Invalid value: "object": field is immutable' });
  }
  return causes;
}

export const controllerRevisions = defineResource<ControllerRevision>({
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.ControllerRevision',
  printer,
  validate: revisionRules,
});
