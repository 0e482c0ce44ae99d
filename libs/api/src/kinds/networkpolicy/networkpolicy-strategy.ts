// networking.k8s.io/v1 NetworkPolicies: which traffic may reach (ingress) and leave (egress) the
// pods a policy selects. Every node's agent enforces them for its own pods, from the rules the
// control plane computes for it (see libs/gateway's network-policy feed).
import type { NetworkPolicy } from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer, selectorText } from '../../printing';
import type { Cause } from '../../schema';
import { defineResource } from '../../strategy';
import { networkPolicySpecRules } from './networkpolicy-validation';

const printer: Printer<NetworkPolicy> = {
  columns: [nameColumn, column('Pod-Selector'), ageColumn],
  cells: (p, now) => [p.metadata.name, selectorText(p.spec?.podSelector), age(p.metadata.creationTimestamp, now)],
};

export const networkPolicies = defineResource<NetworkPolicy>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  namespaced: true,
  definition: 'io.k8s.api.networking.v1.NetworkPolicy',
  shortNames: ['netpol'],
  printer,
  // As Kubernetes defaults them: Ingress always, Egress when the policy has egress rules; ports are TCP.
  defaults: (policy) => {
    const spec = policy.spec;
    if (!spec) return;
    if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
  },
  validate: (policy) => {
    const causes: Cause[] = [];
    networkPolicySpecRules(policy.spec, causes);
    return causes;
  },
});
