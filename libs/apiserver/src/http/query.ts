// Query parameters of the Kubernetes REST API, parsed and checked once.
import { badRequest, type FieldValidation } from '@stevedore/api';

export interface ApiQuery {
  watch: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  includeObject: string | null;
  dryRun: boolean;
  fieldValidation: FieldValidation;
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  /** `?fieldManager=`, as the client gave it (the User-Agent names the manager otherwise). */
  fieldManager?: string;
  /** `?force=true`: an apply takes conflicting fields from their managers. */
  force: boolean;
}

const VALIDATIONS = new Set(['Strict', 'Warn', 'Ignore']);

function integer(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`invalid value for ${name}: "${raw}"`);
  return value;
}

function flag(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  return raw === 'true' || raw === '1';
}

export function parseQuery(params: URLSearchParams): ApiQuery {
  const validation = params.get('fieldValidation') ?? 'Strict';
  if (!VALIDATIONS.has(validation)) throw badRequest(`fieldValidation must be one of Strict, Warn or Ignore, not "${validation}"`);
  const dryRun = params.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All')) throw badRequest('dryRun may only be "All"');
  return {
    watch: flag(params, 'watch'),
    labelSelector: params.get('labelSelector') ?? undefined,
    fieldSelector: params.get('fieldSelector') ?? undefined,
    resourceVersion: params.get('resourceVersion') ?? undefined,
    limit: integer(params, 'limit'),
    continue: params.get('continue') ?? undefined,
    allowWatchBookmarks: flag(params, 'allowWatchBookmarks'),
    timeoutSeconds: integer(params, 'timeoutSeconds'),
    includeObject: params.get('includeObject'),
    dryRun: dryRun.length > 0,
    fieldValidation: validation as FieldValidation,
    gracePeriodSeconds: integer(params, 'gracePeriodSeconds'),
    propagationPolicy: params.get('propagationPolicy') ?? undefined,
    fieldManager: params.get('fieldManager') || undefined,
    force: flag(params, 'force'),
  };
}
