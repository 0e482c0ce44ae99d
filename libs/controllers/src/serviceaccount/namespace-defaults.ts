// What every active namespace holds, as Kubernetes' ServiceAccount and root-CA publisher
// controllers keep it: a `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap with the
// cluster CA, so pods can verify the API server. Pure: what to create or fix, from what exists.
import type { ConfigMap, Namespace, ServiceAccount } from '@stevedore/api';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

export interface NamespaceDefaultsPlan {
  createServiceAccount?: ServiceAccount;
  /** The ConfigMap to create (no current one) or to write over the current one. */
  rootCa?: ConfigMap;
}

export function planNamespaceDefaults(
  ns: Namespace | undefined,
  account: ServiceAccount | undefined,
  rootCa: ConfigMap | undefined,
  caCert: string | undefined,
): NamespaceDefaultsPlan {
  if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return {};
  const name = ns.metadata.name;
  const plan: NamespaceDefaultsPlan = {};
  if (!account) plan.createServiceAccount = { metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: name } };
  if (caCert !== undefined && rootCa?.data?.['ca.crt'] !== caCert) {
    const annotations = {
      'kubernetes.io/description':
        'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
    };
    plan.rootCa = {
      ...(rootCa ?? {}),
      metadata: { ...(rootCa?.metadata ?? { name: ROOT_CA_CONFIGMAP, namespace: name }), annotations },
      data: { 'ca.crt': caCert },
    };
  }
  return plan;
}
