// Baseline's SELinux rule: only the container types may be chosen, and never a user or role.
import type { SELinuxOptions } from '@stevedore/api';
import type { Check } from './check';
import { containersOf, joinQuote, pluralize, settersPhrase, sortedSet } from './describe';

const ALLOWED_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** 1.31 added the type container engines run under in a pod. */
const ALLOWED_TYPES_1_31 = [...ALLOWED_TYPES, 'container_engine_t'];

export const seLinuxOptions: Check = {
  id: 'seLinuxOptions',
  level: 'baseline',
  since: 0,
  run: ({ spec }, minor) => {
    const allowed = minor >= 31 ? ALLOWED_TYPES_1_31 : ALLOWED_TYPES;
    const badTypes: string[] = [];
    let user = false;
    let role = false;
    const bad = (opts: SELinuxOptions | undefined): boolean => {
      if (!opts) return false;
      const type = opts.type ?? '';
      if (!allowed.includes(type)) badTypes.push(type);
      if (opts.user) user = true;
      if (opts.role) role = true;
      return !allowed.includes(type) || !!opts.user || !!opts.role;
    };
    const pod = bad(spec.securityContext?.seLinuxOptions);
    const names = containersOf(spec)
      .filter((c) => bad(c.securityContext?.seLinuxOptions))
      .map((c) => c.name);
    const setters = settersPhrase(pod, names);
    if (!setters) return undefined;
    const types = sortedSet(badTypes);
    const what = [
      ...(types.length ? [`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`] : []),
      ...(user ? ['user may not be set'] : []),
      ...(role ? ['role may not be set'] : []),
    ];
    return { reason: 'seLinuxOptions', detail: `${setters} set forbidden securityContext.seLinuxOptions: ${what.join('; ')}` };
  },
};
