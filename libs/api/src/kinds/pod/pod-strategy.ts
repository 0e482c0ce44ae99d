// Pods: defaults and rules of their spec, a Pending status with its QoS class on create, and a
// graceful delete that waits for the pod's node to stop its containers.
import type { Pod, PodSpec } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { podPrinter } from './pod-printer';
import { defaultPodSpec } from './pod-spec-defaults';
import { podSpecRules } from './pod-spec-validation';
import { schedulingGateRules } from './scheduling-gates';

const DEFAULT_GRACE_SECONDS = 30;

function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const resources = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.resources ?? {});
  const anySet = resources.some((r) => Object.keys(r.requests ?? {}).length || Object.keys(r.limits ?? {}).length);
  if (!anySet) return 'BestEffort';
  const guaranteed = resources.every((r) =>
    ['cpu', 'memory'].every((k) => r.limits?.[k] !== undefined && (r.requests?.[k] ?? r.limits[k]) === r.limits[k]),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function awaitsTermination(pod: Pod): boolean {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  return !!pod.spec?.nodeName && !finished;
}

export const pods = defineResource<Pod>({
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Pod',
  shortNames: ['po'],
  categories: ['all'],
  subresources: [
    subresource('status'),
    subresource('log', { group: '', version: 'v1', kind: 'Pod', verbs: ['get'] }),
    subresource('binding', { group: '', version: 'v1', kind: 'Binding', verbs: ['create'] }),
    subresource('exec', { group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] }),
    subresource('attach', { group: '', version: 'v1', kind: 'PodAttachOptions', verbs: ['create', 'get'] }),
    subresource('portforward', { group: '', version: 'v1', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] }),
    subresource('eviction', { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }),
  ],
  fieldSelectors: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  printer: podPrinter,
  defaults: (pod) => pod.spec && defaultPodSpec(pod.spec),
  // A new pod is Pending with its QoS class, whatever status the client sent.
  prepareForCreate: (pod) => {
    pod.status = { phase: 'Pending', qosClass: qosClass(pod.spec) };
  },
  validate: (pod, old) => {
    const causes: Cause[] = [];
    podSpecRules(pod.spec, 'spec', causes);
    schedulingGateRules(pod, old, causes);
    return causes;
  },
  delete: {
    defaultGraceSeconds: (pod) => pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
    // A pod on a node stays until that node has stopped its containers (the agent then deletes it with grace 0).
    lingers: (pod, grace) => grace > 0 && awaitsTermination(pod),
    awaitsTermination,
  },
});
