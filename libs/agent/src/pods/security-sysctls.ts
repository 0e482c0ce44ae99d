// Pod sysctls: the kernel parameters Kubernetes calls safe (namespaced, and unable to affect
// other pods) are written inside the container's namespaces; any other is refused, as a kubelet
// without --allowed-unsafe-sysctls refuses it.
import { ConfigError } from './env';
import type { Obj } from './pod-status';

export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_wmem',
]);

/** The pod's sysctls as name → value; refuses unsafe ones and ones a shared host namespace would leak to the node. */
export function podSysctls(pod: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of pod.spec.securityContext?.sysctls ?? []) {
    // Kubernetes accepts "/" as the separator too (net/ipv4/tcp_syncookies).
    const key = String(name).replace(/\//g, '.');
    if (!SAFE_SYSCTLS.has(key)) throw new ConfigError(`forbidden sysctl: "${key}" not allowlisted`);
    if (key.startsWith('net.') && pod.spec.hostNetwork) throw new ConfigError(`sysctl "${key}" not allowed with host net enabled`);
    if (key.startsWith('kernel.shm') && pod.spec.hostIPC) throw new ConfigError(`sysctl "${key}" not allowed with host ipc enabled`);
    out[key] = String(value);
  }
  return out;
}
