// What NetworkPolicies mean for each node's pods, as a pure function of the policies, pods and
// namespaces: for every pod some policy selects, whether it is isolated for ingress and egress
// and the peers (address ranges) and ports it may talk to. Selectors, namespaces and named ports
// are resolved here, once for the cluster, so an agent only writes addresses and port numbers
// into its filter rules and needs no feed of every pod in the cluster.

import type { Namespace, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod } from '@stevedore/api';
import { cidrContains, labelSelectorMatches, NAMESPACE_NAME_LABEL, parseCidr, parseIp } from '@stevedore/api';
import type { PolicyAllow, PolicyPort, PolicyTarget } from '@stevedore/proto';

export interface PolicyInputs {
  policies: readonly NetworkPolicy[];
  pods: readonly Pod[];
  namespaces: readonly Namespace[];
}

/** A pod that takes part in policies: it has its own address (not the host's) and is not finished. */
interface LivePod {
  pod: Pod;
  ip: string;
  address: number;
  namespace: string;
}

const ANY: PolicyAllow = { cidr: '', except: [], ports: [] };

function livePods(pods: readonly Pod[]): LivePod[] {
  return pods.flatMap((pod) => {
    const ip = pod.status?.podIP;
    const address = ip ? parseIp(ip) : undefined;
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (!ip || address === undefined || pod.spec?.hostNetwork || finished) return [];
    return [{ pod, ip, address, namespace: pod.metadata.namespace ?? 'default' }];
  });
}

/** The port number a named port has on this pod's containers, if any. */
function namedPort(pod: Pod, name: string, protocol: string): number | undefined {
  for (const container of pod.spec?.containers ?? [])
    for (const p of container.ports ?? []) if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** A rule's ports on `pod` (named ports looked up there); undefined entries are names the pod lacks. */
function portsOn(ports: readonly NetworkPolicyPort[], pod: Pod | undefined): (PolicyPort | undefined)[] {
  return ports.map((p) => {
    const protocol = p.protocol ?? 'TCP';
    if (typeof p.port === 'string') {
      const number = pod && namedPort(pod, p.port, protocol);
      return number ? { protocol, port: number, endPort: 0 } : undefined;
    }
    return { protocol, port: p.port ?? 0, endPort: p.endPort ?? 0 };
  });
}

class PolicyResolver {
  private readonly live: LivePod[];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  constructor(inputs: PolicyInputs) {
    this.live = livePods(inputs.pods);
    for (const ns of inputs.namespaces) this.namespaceLabels.set(ns.metadata.name!, ns.metadata.labels ?? {});
  }

  /** Every namespace has its name as a label, even one stored before the server set it. */
  private labelsOf(namespace: string): Record<string, string> {
    return { ...this.namespaceLabels.get(namespace), [NAMESPACE_NAME_LABEL]: namespace };
  }

  /** The pods a selector peer picks: by namespaceSelector (or the policy's namespace) and podSelector. */
  private podsOf(peer: NetworkPolicyPeer, policyNamespace: string): LivePod[] {
    return this.live.filter(
      (p) =>
        (peer.namespaceSelector
          ? labelSelectorMatches(peer.namespaceSelector, this.labelsOf(p.namespace))
          : p.namespace === policyNamespace) &&
        (!peer.podSelector || labelSelectorMatches(peer.podSelector, p.pod.metadata.labels)),
    );
  }

  /** Pods whose address lies in the block and outside its exceptions (for named ports towards a block). */
  private podsIn(cidr: string, except: readonly string[]): LivePod[] {
    const inside = (range: string, address: number) => cidrContains(parseCidr(range), address);
    return this.live.filter((p) => inside(cidr, p.address) && !except.some((e) => inside(e, p.address)));
  }

  /**
   * The allowed peers of one rule. `own` is the protected pod for ingress (named ports are its
   * own); for egress it is undefined and named ports are looked up on each destination pod.
   */
  allows(
    peers: readonly NetworkPolicyPeer[] | undefined,
    ports: readonly NetworkPolicyPort[],
    policyNamespace: string,
    own?: Pod,
  ): PolicyAllow[] {
    const ranges: { allow: PolicyAllow; pods: () => LivePod[] }[] = peers?.length
      ? peers.flatMap((peer) => {
          if (peer.ipBlock) {
            const { cidr, except = [] } = peer.ipBlock;
            if (cidr.includes(':')) return []; // IPv6: pods here have IPv4 addresses only
            const inFamily = except.filter((e) => !e.includes(':'));
            return [{ allow: { cidr, except: inFamily, ports: [] }, pods: () => this.podsIn(cidr, inFamily) }];
          }
          return this.podsOf(peer, policyNamespace).map((p) => ({ allow: { cidr: `${p.ip}/32`, except: [], ports: [] }, pods: () => [p] }));
        })
      : [{ allow: ANY, pods: () => this.live }];
    if (!ports.length) return ranges.map((r) => r.allow);
    const named = ports.filter((p) => typeof p.port === 'string');
    const numbered = ports.filter((p) => typeof p.port !== 'string');
    const out: PolicyAllow[] = [];
    if (own) {
      // Ingress: every port, named or not, is the protected pod's own.
      const resolved = portsOn(ports, own).filter((p): p is PolicyPort => !!p);
      if (resolved.length) out.push(...ranges.map((r) => ({ ...r.allow, ports: resolved })));
      return out;
    }
    const fixed = portsOn(numbered, undefined) as PolicyPort[];
    if (fixed.length) out.push(...ranges.map((r) => ({ ...r.allow, ports: fixed })));
    if (named.length)
      for (const range of ranges)
        for (const p of range.pods()) {
          const resolved = portsOn(named, p.pod).filter((q): q is PolicyPort => !!q);
          if (resolved.length) out.push({ cidr: `${p.ip}/32`, except: [], ports: resolved });
        }
    return out;
  }

  /** What the policies that select this pod allow, or undefined when none selects it. */
  targetOf(pod: LivePod, policies: readonly NetworkPolicy[]): PolicyTarget | undefined {
    const selecting = policies.filter(
      (p) => p.metadata.namespace === pod.namespace && labelSelectorMatches(p.spec?.podSelector ?? {}, pod.pod.metadata.labels),
    );
    if (!selecting.length) return undefined;
    const typed = (type: string) => selecting.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes(type));
    const ingressPolicies = typed('Ingress');
    const egressPolicies = typed('Egress');
    const ingress = ingressPolicies.flatMap((p) =>
      (p.spec?.ingress ?? []).flatMap((rule) => this.allows(rule.from, rule.ports ?? [], p.metadata.namespace!, pod.pod)),
    );
    const egress = egressPolicies.flatMap((p) =>
      (p.spec?.egress ?? []).flatMap((rule) => this.allows(rule.to, rule.ports ?? [], p.metadata.namespace!)),
    );
    return {
      podIp: pod.ip,
      name: `${pod.namespace}/${pod.pod.metadata.name}`,
      ingressIsolated: ingressPolicies.length > 0,
      egressIsolated: egressPolicies.length > 0,
      ingress: unique(ingress),
      egress: unique(egress),
    };
  }

  /** Every selected pod's rules, by the node it runs on. */
  byNode(policies: readonly NetworkPolicy[]): Map<string, PolicyTarget[]> {
    const out = new Map<string, PolicyTarget[]>();
    for (const pod of this.live) {
      const node = pod.pod.spec?.nodeName;
      const target = node ? this.targetOf(pod, policies) : undefined;
      if (target) out.set(node!, [...(out.get(node!) ?? []), target]);
    }
    for (const targets of out.values()) targets.sort((a, b) => a.podIp.localeCompare(b.podIp));
    return out;
  }
}

function unique(allows: PolicyAllow[]): PolicyAllow[] {
  const seen = new Map<string, PolicyAllow>();
  for (const a of allows) seen.set(JSON.stringify(a), a);
  return [...seen.values()];
}

/** The NetworkPolicy rules of every node's pods (nodes without a selected pod are absent). */
export function policyTargetsByNode(inputs: PolicyInputs): Map<string, PolicyTarget[]> {
  if (!inputs.policies.length) return new Map();
  return new PolicyResolver(inputs).byNode(inputs.policies);
}
