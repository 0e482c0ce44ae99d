// What the admission webhook steps read, from the shared informers: the configurations, the
// namespaces' labels, and a ready pod behind a webhook's Service (the control plane runs on a
// node whose routes reach pod IPs, so it dials the pod directly, as kube-apiserver's
// endpoint routing does, and checks the certificate against SERVICE.NAMESPACE.svc).
import {
  type EndpointSlice,
  type MutatingWebhookConfiguration,
  type Namespace,
  SERVICE_NAME_LABEL,
  type Service,
  type ValidatingWebhookConfiguration,
} from '@stevedore/api';
import type { ServiceAddress, WebhookSources } from '@stevedore/apiserver';
import type { Informer } from '@stevedore/controllers';

export interface WebhookInformers {
  mutating: Informer<MutatingWebhookConfiguration>;
  validating: Informer<ValidatingWebhookConfiguration>;
  namespaces: Informer<Namespace>;
  services: Informer<Service>;
  endpointSlices: Informer<EndpointSlice>;
}

function readyAddress(slices: EndpointSlice[], portName: string): ServiceAddress | undefined {
  for (const slice of slices) {
    const target = (slice.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (!target?.port) continue;
    const ready = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false && e.addresses.length);
    // A random ready pod spreads the calls, as kube-apiserver's endpoint routing does.
    const pick = ready[Math.floor(Math.random() * ready.length)];
    if (pick) return { host: pick.addresses[0]!, port: target.port };
  }
  return undefined;
}

export function webhookSources(i: WebhookInformers): WebhookSources {
  return {
    mutating: () => i.mutating.list(),
    validating: () => i.validating.list(),
    namespaceLabels: (name) => i.namespaces.get(undefined, name)?.metadata.labels,
    serviceAddress: (namespace, name, port) => {
      const service = i.services.get(namespace, name);
      const servicePort = service?.spec?.ports?.find((p) => p.port === port);
      if (!servicePort) return undefined;
      const slices = i.endpointSlices.list((s) => s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
      return readyAddress(slices, servicePort.name ?? '');
    },
  };
}
