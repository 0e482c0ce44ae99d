// The restricted level's own checks: current hardening best practice on top of baseline.
import type { Volume } from '@stevedore/api';
import type { Check } from './check';
import { containersOf, containersPhrase, joinQuote, pluralize, settersPhrase } from './describe';

export const allowPrivilegeEscalation: Check = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  since: 8,
  linuxOnlySince: 25,
  run: ({ spec }) => {
    const names = containersOf(spec)
      .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
      .map((c) => c.name);
    if (!names.length) return undefined;
    return {
      reason: 'allowPrivilegeEscalation != false',
      detail: `${containersPhrase(names)} must set securityContext.allowPrivilegeEscalation=false`,
    };
  },
};

/** Volume sources a restricted pod may use: those that expose no node state and need no privileged driver. */
const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The volume's source field if restricted, `unknown` for a source this check does not know, undefined if allowed. */
function restrictedSource(volume: Volume): string | undefined {
  const sources = Object.keys(volume).filter((k) => k !== 'name');
  if (sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) return undefined;
  return sources[0] ?? 'unknown';
}

export const restrictedVolumes: Check = {
  id: 'restrictedVolumes',
  level: 'restricted',
  since: 0,
  overrides: ['hostPathVolumes'],
  run: ({ spec }) => {
    const names: string[] = [];
    const types = new Set<string>();
    for (const volume of spec.volumes ?? []) {
      const source = restrictedSource(volume);
      if (!source) continue;
      names.push(volume.name);
      types.add(source);
    }
    if (!names.length) return undefined;
    const n = names.length;
    const typeList = [...types].sort();
    const detail = `${pluralize('volume', 'volumes', n)} ${joinQuote(names)} ${pluralize('uses', 'use', n)} ${pluralize('restricted volume type', 'restricted volume types', typeList.length)} ${joinQuote(typeList)}`;
    return { reason: 'restricted volume types', detail };
  },
};

export const runAsNonRoot: Check = {
  id: 'runAsNonRoot',
  level: 'restricted',
  since: 0,
  run: ({ spec }) => {
    const podValue = spec.securityContext?.runAsNonRoot;
    const explicit: string[] = [];
    const implicit: string[] = [];
    for (const c of containersOf(spec)) {
      const value = c.securityContext?.runAsNonRoot;
      if (value === false) explicit.push(c.name);
      else if (value === undefined && podValue !== true) implicit.push(c.name);
    }
    const setters = settersPhrase(podValue === false, explicit);
    if (setters) return { reason: 'runAsNonRoot != true', detail: `${setters} must not set securityContext.runAsNonRoot=false` };
    if (!implicit.length) return undefined;
    return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true` };
  },
};

export const runAsUser: Check = {
  id: 'runAsUser',
  level: 'restricted',
  since: 23,
  run: ({ spec }) => {
    const names = containersOf(spec)
      .filter((c) => c.securityContext?.runAsUser === 0)
      .map((c) => c.name);
    const setters = settersPhrase(spec.securityContext?.runAsUser === 0, names);
    return setters ? { reason: 'runAsUser=0', detail: `${setters} must not set runAsUser=0` } : undefined;
  },
};
