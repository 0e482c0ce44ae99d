// Restricted checks on kernel features: seccomp confinement and the capability set.
import type { Check } from './check';
import { containersOf, containersPhrase, joinQuote, settersPhrase, sortedSet } from './describe';

const confined = (type: string) => type === 'RuntimeDefault' || type === 'Localhost';

export const seccompProfileRestricted: Check = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  since: 19,
  overrides: ['seccompProfile_baseline'],
  linuxOnlySince: 25,
  run: ({ spec }) => {
    const badValues: string[] = [];
    const podType = spec.securityContext?.seccompProfile?.type;
    const podBad = podType !== undefined && !confined(podType);
    if (podBad) badValues.push(podType);
    const podSet = podType !== undefined && !podBad;
    const explicit: string[] = [];
    const implicit: string[] = [];
    for (const c of containersOf(spec)) {
      const type = c.securityContext?.seccompProfile?.type;
      if (type === undefined) {
        if (!podSet) implicit.push(c.name);
      } else if (!confined(type)) {
        explicit.push(c.name);
        badValues.push(type);
      }
    }
    const details: string[] = [];
    const setters = settersPhrase(podBad, explicit);
    if (setters) details.push(`${setters} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`);
    if (implicit.length) {
      details.push(`pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
    }
    return details.length ? { reason: 'seccompProfile', detail: details.join('; ') } : undefined;
  },
};

/** Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE. */
export const capabilitiesRestricted: Check = {
  id: 'capabilities_restricted',
  level: 'restricted',
  since: 22,
  overrides: ['capabilities_baseline'],
  linuxOnlySince: 25,
  run: ({ spec }) => {
    const missingDrop: string[] = [];
    const adding: string[] = [];
    const forbidden: string[] = [];
    for (const c of containersOf(spec)) {
      const caps = c.securityContext?.capabilities;
      if (!caps?.drop?.includes('ALL')) missingDrop.push(c.name);
      const bad = (caps?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (bad.length) adding.push(c.name);
      forbidden.push(...bad);
    }
    const details: string[] = [];
    if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length) {
      details.push(`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`);
    }
    return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
  },
};
