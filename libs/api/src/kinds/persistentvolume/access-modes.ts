// Access modes as a volume or claim declares them, and the short form `kubectl get pv,pvc`
// prints (RWO, ROX, RWX, RWOP).
import type { Cause } from '../../schema';

const SHORT: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};
const SUPPORTED = Object.keys(SHORT);

export function accessModesText(modes: readonly string[] | undefined): string {
  return (modes ?? []).map((m) => SHORT[m] ?? m).join(',');
}

/** Kubernetes' access-mode checks: at least one, each known, ReadWriteOncePod alone. */
export function accessModeRules(modes: readonly string[] | undefined, field: string, causes: Cause[]): void {
  if (!modes?.length) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value: at least 1 access mode is required' });
    return;
  }
  for (const mode of modes) {
    if (!SUPPORTED.includes(mode)) {
      const allowed = SUPPORTED.map((m) => `"${m}"`).join(', ');
      causes.push({ reason: 'FieldValueNotSupported', field, message: `Unsupported value: "${mode}": supported values: ${allowed}` });
    }
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    causes.push({
      reason: 'FieldValueForbidden',
      field,
      message: 'Forbidden: may not use ReadWriteOncePod with other access modes',
    });
  }
}
