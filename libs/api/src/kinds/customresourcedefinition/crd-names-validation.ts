// apiextensions' ValidateCustomResourceDefinitionNames: the plural, singular, short names and
// categories are DNS-1035 labels; kind and listKind may mix case but must otherwise be one.
import type { CustomResourceDefinitionNames } from '../../generated/kubernetes-types';
import { dns1035Label } from '../../meta/names';
import type { Cause } from '../../schema';

function label(value: string | undefined, field: string, causes: Cause[], required: boolean): void {
  if (!value) {
    if (required) causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  const problem = dns1035Label(value);
  if (problem) causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${problem}` });
}

function kindLike(value: string | undefined, field: string, causes: Cause[]): void {
  if (!value) {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
    return;
  }
  const problem = dns1035Label(value.toLowerCase());
  if (problem)
    causes.push({
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(value)}: may have mixed case, but should otherwise match: ${problem}`,
    });
}

export function namesRules(names: CustomResourceDefinitionNames | undefined, path: string): Cause[] {
  const causes: Cause[] = [];
  if (!names) return [{ reason: 'FieldValueRequired', field: path, message: 'Required value' }];
  label(names.plural, `${path}.plural`, causes, true);
  label(names.singular, `${path}.singular`, causes, true);
  kindLike(names.kind, `${path}.kind`, causes);
  kindLike(names.listKind, `${path}.listKind`, causes);
  if (names.kind && names.kind === names.listKind)
    causes.push({
      reason: 'FieldValueInvalid',
      field: `${path}.listKind`,
      message: `Invalid value: ${JSON.stringify(names.listKind)}: kind and listKind may not be the same or parsing become ambiguous`,
    });
  (names.shortNames ?? []).forEach((s, i) => {
    label(s, `${path}.shortNames[${i}]`, causes, true);
  });
  (names.categories ?? []).forEach((c, i) => {
    label(c, `${path}.categories[${i}]`, causes, true);
  });
  return causes;
}
