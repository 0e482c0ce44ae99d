// Kubernetes' defaults for an autoscaling/v2 HorizontalPodAutoscaler (SetDefaults_HorizontalPodAutoscaler):
// one replica at least, 80% CPU when no metric is given, and, only when `behavior` is given, the
// default scaling rules filled into whichever direction leaves them out.
import type { HPAScalingRules, AutoscalingV2HorizontalPodAutoscalerSpec as HpaSpec, MetricSpec } from '../../generated/kubernetes-types';

/** The CPU target of an autoscaler that names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

export const defaultCpuMetric = (averageUtilization = DEFAULT_CPU_UTILIZATION): MetricSpec => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});

/** Up: at most 4 pods or 100% more per 15 s (whichever is more), at once. */
const scaleUp = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

/** Down: any number per 15 s; the stabilization window is left to the controller's default (300 s). */
const scaleDown = (): HPAScalingRules => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** Each field given wins over the default as a whole (a given `policies` replaces the default list). */
function withDefaults(given: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (!given) return defaults;
  return {
    ...defaults,
    ...(given.selectPolicy !== undefined ? { selectPolicy: given.selectPolicy } : {}),
    ...(given.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: given.stabilizationWindowSeconds } : {}),
    ...(given.policies !== undefined ? { policies: given.policies } : {}),
  };
}

export function defaultHpaSpec(spec: HpaSpec): void {
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) spec.metrics = [defaultCpuMetric()];
  if (spec.behavior) {
    spec.behavior.scaleUp = withDefaults(spec.behavior.scaleUp, scaleUp());
    spec.behavior.scaleDown = withDefaults(spec.behavior.scaleDown, scaleDown());
  }
}
