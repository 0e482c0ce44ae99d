// Kubernetes' ServiceAccount admission as a registry step: a new pod runs as its namespace's
// `default` account unless it names one, must name one that exists, and gets the API access
// volume. The decision is the kind's own (in @stevedore/api); the caller looks accounts up.
import { admitPodServiceAccount, forbidden, pods, randomSuffix, type ServiceAccount, serviceAccountNameOf } from '@stevedore/api';
import { asKind } from '../objects/api-object';
import type { Admission } from './admission';

/** The account, or undefined when it does not exist (after whatever waiting the caller finds worth it). */
export type ServiceAccountLookup = (namespace: string, name: string) => Promise<ServiceAccount | undefined>;

/** The kubelet's mirror pods carry this; Kubernetes keeps them away from API credentials. */
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function serviceAccountAdmission(accounts: ServiceAccountLookup): Admission {
  return {
    create: async (object) => {
      const pod = asKind(pods, object);
      if (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return;
      const namespace = pod.metadata.namespace!;
      const name = serviceAccountNameOf(pod);
      const account = await accounts(namespace, name);
      if (!account) {
        throw forbidden(
          'pods',
          pod.metadata.name,
          `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`,
        );
      }
      admitPodServiceAccount(pod, account, randomSuffix());
    },
    // A pod's spec cannot change its account or volumes after creation; validation refuses that.
    update: async () => undefined,
  };
}
