// Kubernetes' LimitRanger admission as a registry step: new pods get their namespace's default
// requests and limits and are held to its ranges, as are claims' storage requests. One step
// does both: no later mutating step here touches resources, so checking at once is checking last.
import {
  applyLimitRangeDefaults,
  claimLimitProblems,
  forbidden,
  type LimitRange,
  type PersistentVolumeClaim,
  type Pod,
  persistentVolumeClaims,
  podLimitProblems,
  pods,
  type ResourceStrategy,
} from '@stevedore/api';
import { type ApiObject, asKind } from '../objects/api-object';
import type { Admission } from './admission';

/** The namespace's LimitRanges (an informer's copy will do: kube-apiserver reads its cache too). */
export type LimitRangeLookup = (namespace: string) => Promise<readonly LimitRange[]>;

function admitPod(pod: Pod, ranges: readonly LimitRange[]): void {
  applyLimitRangeDefaults(pod, ranges);
  // The registry set the QoS class before admission; defaults may have changed it.
  pods.prepareForCreate(pod);
  const problems = podLimitProblems(pod, ranges);
  if (problems.length) throw forbidden('pods', pod.metadata.name, problems);
}

function admitClaim(claim: PersistentVolumeClaim, ranges: readonly LimitRange[]): void {
  const problems = claimLimitProblems(claim, ranges);
  if (problems.length) throw forbidden('persistentvolumeclaims', claim.metadata.name, problems);
}

export function limitRangeAdmission(lookup: LimitRangeLookup): Admission {
  const admit = async (object: ApiObject, resource: ResourceStrategy) => {
    const ranges = await lookup(object.metadata.namespace);
    if (!ranges.length) return;
    if (resource === pods) admitPod(asKind(pods, object), ranges);
    else if (resource === persistentVolumeClaims) admitClaim(asKind(persistentVolumeClaims, object), ranges);
  };
  return {
    create: (object, _options, resource) => admit(object, resource),
    // Containers cannot change after creation; a claim can grow, so its new request is checked.
    update: async (_current, next, _options, resource) => {
      if (resource === persistentVolumeClaims) await admit(next, resource);
    },
  };
}
