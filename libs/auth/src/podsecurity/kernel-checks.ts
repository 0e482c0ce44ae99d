// Baseline checks on the kernel features a container may loosen: capabilities, AppArmor,
// SELinux, /proc masking, seccomp and sysctls.
import type { Check } from './check';
import { containersOf, containersPhrase, joinQuote, pluralize, settersPhrase, sortedSet } from './describe';

/** The capabilities a container runtime grants by default, which baseline lets a container add back. */
const DEFAULT_CAPABILITIES = new Set(
  'AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT'.split(' '),
);

export const capabilitiesBaseline: Check = {
  id: 'capabilities_baseline',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const names: string[] = [];
    const added: string[] = [];
    for (const c of containersOf(spec)) {
      const bad = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
      if (bad.length) names.push(c.name);
      added.push(...bad);
    }
    if (!names.length) return undefined;
    const detail = `${containersPhrase(names)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`;
    return { reason: 'non-default capabilities', detail };
  },
};

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export const appArmorProfile: Check = {
  id: 'appArmorProfile',
  level: 'baseline',
  since: 0,
  run: ({ metadata, spec }) => {
    const allowedType = (type: string) => type === 'RuntimeDefault' || type === 'Localhost';
    const badTypes: string[] = [];
    const podType = spec.securityContext?.appArmorProfile?.type;
    const pod = podType !== undefined && !allowedType(podType);
    if (pod) badTypes.push(podType);
    const names: string[] = [];
    for (const c of containersOf(spec)) {
      const type = c.securityContext?.appArmorProfile?.type;
      if (type === undefined || allowedType(type)) continue;
      names.push(c.name);
      badTypes.push(type);
    }
    // The deprecated per-container annotations: empty, runtime/default and localhost/* are allowed.
    const annotations = Object.entries(metadata?.annotations ?? {})
      .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION) && v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/'))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .sort();
    const setters = [settersPhrase(pod, names), annotations.length ? pluralize('annotation', 'annotations', annotations.length) : '']
      .filter((s) => !!s)
      .join(' and ');
    if (!setters) return undefined;
    const values = [...sortedSet(badTypes), ...annotations];
    return {
      reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
      detail: `${setters} must not set AppArmor profile type to ${joinQuote(values)}`,
    };
  },
};

export const procMount: Check = {
  id: 'procMount',
  level: 'baseline',
  since: 0,
  run: ({ spec }) => {
    const names: string[] = [];
    const values: string[] = [];
    for (const c of containersOf(spec)) {
      const mount = c.securityContext?.procMount;
      if (mount === undefined || mount === 'Default') continue;
      names.push(c.name);
      values.push(mount);
    }
    if (!names.length) return undefined;
    return {
      reason: 'procMount',
      detail: `${containersPhrase(names)} must not set securityContext.procMount to ${joinQuote(sortedSet(values))}`,
    };
  },
};

export const seccompProfileBaseline: Check = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  since: 19,
  run: ({ spec }) => {
    const pod = spec.securityContext?.seccompProfile?.type === 'Unconfined';
    const names = containersOf(spec)
      .filter((c) => c.securityContext?.seccompProfile?.type === 'Unconfined')
      .map((c) => c.name);
    const setters = settersPhrase(pod, names);
    return setters
      ? { reason: 'seccompProfile', detail: `${setters} must not set securityContext.seccompProfile.type to "Unconfined"` }
      : undefined;
  },
};

/** The sysctls the standard calls safe (namespaced, isolated from other pods), by the version that allowed them. */
const SAFE_SYSCTLS: [since: number, names: string[]][] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

export const sysctls: Check = {
  id: 'sysctls',
  level: 'baseline',
  since: 0,
  run: ({ spec }, minor) => {
    const safe = new Set(SAFE_SYSCTLS.filter(([since]) => since <= minor).flatMap(([, names]) => names));
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((name) => !safe.has(name));
    return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
  },
};
