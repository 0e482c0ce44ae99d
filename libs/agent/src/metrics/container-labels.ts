// The labels cAdvisor gives a container's series, from the labels our pods put on containers:
// dashboards select by namespace, pod, container and image.
import type { ContainerInfo } from '@stevedore/runtime';
import { LABELS } from '../pods/pod-host';

export interface ContainerLabels {
  id: string;
  name: string;
  namespace: string;
  pod: string;
  container: string;
  image: string;
}

export const CONTAINER_LABEL_NAMES = ['id', 'name', 'namespace', 'pod', 'container', 'image'] as const;

/** A container outside any pod (`stevedore node run`) keeps empty pod labels, as in cAdvisor. */
export function containerLabels(info: ContainerInfo, cgroupParent = ''): ContainerLabels {
  return {
    id: `${cgroupParent ? `/${cgroupParent}` : ''}/${info.id}`,
    name: info.name,
    namespace: info.labels[LABELS.podNamespace] ?? '',
    pod: info.labels[LABELS.podName] ?? '',
    container: info.labels[LABELS.container] ?? '',
    image: info.image.ref,
  };
}

/** The node itself, as cAdvisor's root cgroup: every pod label empty. */
export const ROOT_LABELS: ContainerLabels = { id: '/', name: '', namespace: '', pod: '', container: '', image: '' };
