// The field manager of a write, from its query and User-Agent, checked as kube-apiserver checks
// PatchOptions/CreateOptions/UpdateOptions.
import { invalid, managerFromUserAgent } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import type { PatchType } from '../request/content-type';
import type { ApiQuery } from './query';

const MAX_LENGTH = 128;

export interface FieldManagerParams {
  fieldManager: string;
  force: boolean;
}

/** The manager and force flag of a write; `patchType` for PATCH requests, where an apply must name its manager. */
export function fieldManagerOf(req: IncomingMessage, query: ApiQuery, patchType?: PatchType): FieldManagerParams {
  const kind = patchType ? 'PatchOptions' : 'CreateOptions';
  if (query.fieldManager && query.fieldManager.length > MAX_LENGTH) {
    throw optionsInvalid(kind, 'fieldManager', `Too long: may not be more than ${MAX_LENGTH} bytes`, 'FieldValueTooLong');
  }
  if (patchType === 'apply' && !query.fieldManager) {
    throw optionsInvalid(kind, 'fieldManager', 'Required value: is required for apply patch', 'FieldValueRequired');
  }
  if (query.force && patchType !== 'apply') {
    throw optionsInvalid(kind, 'force', 'Forbidden: may not be specified for non-apply patch', 'FieldValueForbidden');
  }
  return { fieldManager: query.fieldManager ?? managerFromUserAgent(req.headers['user-agent']), force: query.force };
}

function optionsInvalid(
  kind: string,
  field: string,
  message: string,
  reason: 'FieldValueTooLong' | 'FieldValueRequired' | 'FieldValueForbidden',
) {
  return invalid(`${kind}.meta.k8s.io`, '', [{ reason, field, message }]);
}
