// Baseline checks about reaching the host: its namespaces, its files, its ports, privileged
// containers and Windows host processes.
import type { Check } from './check';
import { containersOf, containersPhrase, joinQuote, pluralize, settersPhrase, sortedSet } from './describe';

export const hostNamespaces: Check = {
  id: 'hostNamespaces',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const set = [spec.hostNetwork && 'hostNetwork=true', spec.hostPID && 'hostPID=true', spec.hostIPC && 'hostIPC=true'].filter(
      (s): s is string => !!s,
    );
    return set.length ? { reason: 'host namespaces', detail: set.join(', ') } : undefined;
  },
};

export const hostPathVolumes: Check = {
  id: 'hostPathVolumes',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const names = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
    if (!names.length) return undefined;
    return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}` };
  },
};

export const hostPorts: Check = {
  id: 'hostPorts',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const containers: string[] = [];
    const used: string[] = [];
    for (const c of containersOf(spec)) {
      const own = (c.ports ?? []).map((p) => p.hostPort ?? 0).filter((p) => p !== 0);
      if (own.length) containers.push(c.name);
      used.push(...own.map(String));
    }
    // Distinct and sorted as text, as Kubernetes lists them.
    const ports = sortedSet(used);
    if (!containers.length) return undefined;
    const verb = pluralize('uses', 'use', containers.length);
    return {
      reason: 'hostPort',
      detail: `${containersPhrase(containers)} ${verb} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
    };
  },
};

export const privileged: Check = {
  id: 'privileged',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const names = containersOf(spec)
      .filter((c) => c.securityContext?.privileged)
      .map((c) => c.name);
    if (!names.length) return undefined;
    return { reason: 'privileged', detail: `${containersPhrase(names)} must not set securityContext.privileged=true` };
  },
};

export const windowsHostProcess: Check = {
  id: 'windowsHostProcess',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const pod = spec.securityContext?.windowsOptions?.hostProcess === true;
    const names = containersOf(spec)
      .filter((c) => c.securityContext?.windowsOptions?.hostProcess === true)
      .map((c) => c.name);
    const setters = settersPhrase(pod, names);
    return setters
      ? { reason: 'hostProcess', detail: `${setters} must not set securityContext.windowsOptions.hostProcess=true` }
      : undefined;
  },
};
