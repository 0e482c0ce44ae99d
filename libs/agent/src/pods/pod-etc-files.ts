// The /etc/hosts and /etc/resolv.conf of a pod's containers, as the kubelet writes them: the
// hosts file names the pod's own address (with its FQDN under a subdomain) and its hostAliases;
// resolv.conf follows the pod's dnsPolicy. A hostNetwork pod keeps the node's files.
import { podResolvConf, renderResolvConf } from '@stevedore/dns';
import type { PodHost } from './pod-host';
import type { Obj } from './pod-status';

const LOCAL_ENTRIES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

export function podHostsFile(pod: Obj, podIP: string | undefined, domain: string | undefined): string | undefined {
  if (pod.spec.hostNetwork) return undefined;
  const hostname: string = pod.spec.hostname ?? pod.metadata.name;
  const lines = ['# Kubernetes-managed hosts file.', ...LOCAL_ENTRIES];
  if (podIP) {
    const subdomain = pod.spec.subdomain && domain ? `${hostname}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${domain}\t` : '';
    lines.push(`${podIP}\t${subdomain}${hostname}`);
  }
  const aliases: Obj[] = pod.spec.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const alias of aliases) lines.push(`${alias.ip}\t${(alias.hostnames ?? []).join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function podEtcFiles(host: PodHost, pod: Obj, podIP: string | undefined): { hosts?: string; resolvConf?: string } {
  const dns = host.dns;
  const resolvConf = dns
    ? renderResolvConf(podResolvConf({ ...pod.spec, namespace: pod.metadata.namespace }, dns.cluster, dns.node))
    : undefined;
  return { hosts: podHostsFile(pod, podIP, dns?.cluster?.domain), resolvConf };
}
