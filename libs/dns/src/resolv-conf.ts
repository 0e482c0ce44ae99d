// A pod's /etc/resolv.conf, made as the kubelet makes it from the pod's dnsPolicy and dnsConfig:
//   ClusterFirst (the default)  the cluster nameserver, search NS.svc.DOMAIN svc.DOMAIN DOMAIN
//                               and the node's search domains, options ndots:5; a hostNetwork
//                               pod gets Default instead
//   ClusterFirstWithHostNet     the same, for hostNetwork pods too
//   Default                     the node's own resolvers
//   None                        only what dnsConfig gives
// dnsConfig's nameservers and searches are appended, its options override by name.

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export interface ClusterDnsConfig {
  nameserver: string;
  domain: string;
}

export interface PodDnsSettings {
  namespace: string;
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name?: string; value?: string }[] };
}

/** Limits the kubelet applies (glibc reads at most three nameservers). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    if (keyword === 'nameserver' && values[0]) conf.nameservers.push(values[0]);
    // The last search (or domain) line wins, as in glibc.
    if (keyword === 'search' || keyword === 'domain') conf.searches = values;
    if (keyword === 'options') conf.options.push(...values);
  }
  return conf;
}

export function renderResolvConf(conf: ResolvConf): string {
  const lines = [
    ...(conf.searches.length ? [`search ${conf.searches.join(' ')}`] : []),
    ...conf.nameservers.map((n) => `nameserver ${n}`),
    ...(conf.options.length ? [`options ${conf.options.join(' ')}`] : []),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const unique = (values: string[]) => [...new Set(values)];
const optionName = (option: string) => option.split(':')[0]!;

function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map(base.map((o) => [optionName(o), o]));
  for (const o of extra) if (o.name) byName.set(o.name, o.value === undefined ? o.name : `${o.name}:${o.value}`);
  return [...byName.values()];
}

function policyBase(pod: PodDnsSettings, cluster: ClusterDnsConfig | undefined, node: ResolvConf): ResolvConf {
  const policy = pod.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return { nameservers: [], searches: [], options: [] };
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.hostNetwork);
  if (!clusterFirst || !cluster) return { ...node };
  const { domain } = cluster;
  return {
    nameservers: [cluster.nameserver],
    searches: [`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...node.searches],
    options: ['ndots:5'],
  };
}

export function podResolvConf(pod: PodDnsSettings, cluster: ClusterDnsConfig | undefined, node: ResolvConf): ResolvConf {
  const base = policyBase(pod, cluster, node);
  const extra = pod.dnsConfig ?? {};
  return {
    nameservers: unique([...base.nameservers, ...(extra.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: unique([...base.searches, ...(extra.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions(base.options, extra.options ?? []),
  };
}
