// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscalers, as kube-apiserver converts them:
// v1 has only a CPU utilization target, so whatever else a v2 object holds (other metrics, their
// statuses, behavior, conditions) rides in annotations on the v1 object and comes back from them.
import type {
  MetricSpec,
  MetricStatus,
  AutoscalingV1HorizontalPodAutoscaler as V1,
  AutoscalingV2HorizontalPodAutoscaler as V2,
} from '../../generated/kubernetes-types';
import { defaultCpuMetric } from './hpa-defaults';

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';

const isCpuUtilization = (m: MetricSpec) =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.averageUtilization !== undefined;
const isCpuStatus = (m: MetricStatus) => m.type === 'Resource' && m.resource?.name === 'cpu';

/** Removes and parses an annotation; one that is not JSON is dropped, as it cannot be carried over. */
function take<T>(annotations: Record<string, string>, key: string): T | undefined {
  const value = annotations[key];
  delete annotations[key];
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

const withAnnotations = (metadata: V1['metadata'], annotations: Record<string, string>) => {
  const { annotations: _, ...rest } = metadata;
  return Object.keys(annotations).length ? { ...rest, annotations } : rest;
};

export function hpaV1ToV2(v1: V1): V2 {
  const annotations = { ...v1.metadata.annotations };
  const others = take<MetricSpec[]>(annotations, METRICS) ?? [];
  const otherStatuses = take<MetricStatus[]>(annotations, CURRENT_METRICS) ?? [];
  const behavior = take<V2['spec']['behavior']>(annotations, BEHAVIOR);
  const conditions = take<NonNullable<V2['status']>['conditions']>(annotations, CONDITIONS);
  const spec = v1.spec ?? ({} as NonNullable<V1['spec']>);
  const cpu = spec.targetCPUUtilizationPercentage;
  const metrics = [...(cpu !== undefined ? [defaultCpuMetric(cpu)] : []), ...others];
  const { currentCPUUtilizationPercentage: current, ...status } = v1.status ?? ({} as NonNullable<V1['status']>);
  const currentMetrics: MetricStatus[] = [
    ...(current !== undefined ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : []),
    ...otherStatuses,
  ];
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: withAnnotations(v1.metadata, annotations),
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(metrics.length ? { metrics } : {}),
      ...(behavior ? { behavior } : {}),
    },
    ...(v1.status
      ? { status: { ...status, ...(currentMetrics.length ? { currentMetrics } : {}), ...(conditions ? { conditions } : {}) } }
      : {}),
  };
}

export function hpaV2ToV1(v2: V2): V1 {
  const annotations = { ...v2.metadata.annotations };
  const metrics = v2.spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[METRICS] = JSON.stringify(others);
  if (v2.spec.behavior) annotations[BEHAVIOR] = JSON.stringify(v2.spec.behavior);
  const { currentMetrics = [], conditions, ...status } = v2.status ?? ({ desiredReplicas: 0 } as NonNullable<V2['status']>);
  const cpuStatus = currentMetrics.find(isCpuStatus);
  const otherStatuses = currentMetrics.filter((m) => m !== cpuStatus && m.type);
  if (otherStatuses.length) annotations[CURRENT_METRICS] = JSON.stringify(otherStatuses);
  if (conditions?.length) annotations[CONDITIONS] = JSON.stringify(conditions);
  const current = cpuStatus?.resource?.current.averageUtilization;
  const { scaleTargetRef, minReplicas, maxReplicas } = v2.spec;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: withAnnotations(v2.metadata, annotations),
    spec: {
      scaleTargetRef,
      ...(minReplicas !== undefined ? { minReplicas } : {}),
      maxReplicas,
      ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource!.target.averageUtilization } : {}),
    },
    ...(v2.status
      ? {
          status: {
            ...status,
            currentReplicas: status.currentReplicas ?? 0,
            ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}),
          },
        }
      : {}),
  };
}
