// The node's resolvers as cluster DNS uses them: the resolv.conf pods with dnsPolicy Default get,
// and the upstreams names outside the cluster are forwarded to (--dns-upstream, else its
// nameservers on port 53).
import { parseResolvConf, type ResolvConf, type Upstream } from '@stevedore/dns';
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';

export interface NodeDnsConfig {
  upstreams: Upstream[];
  nodeResolvConf: ResolvConf;
}

function upstreamOf(text: string): Upstream {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text);
  return { host: match?.[1] ?? text, port: match?.[2] ? Number(match[2]) : 53 };
}

/** A missing resolv.conf means no resolvers (a node without a network), not an error. */
export async function nodeDnsConfig(resolvConfFile: string, upstreamFlags: readonly string[]): Promise<NodeDnsConfig> {
  const nodeResolvConf = parseResolvConf((await ignoreMissing(fs.readFile(resolvConfFile, 'utf8'))) ?? '');
  const upstreams = (upstreamFlags.length ? upstreamFlags : nodeResolvConf.nameservers).map(upstreamOf);
  return { upstreams, nodeResolvConf };
}
