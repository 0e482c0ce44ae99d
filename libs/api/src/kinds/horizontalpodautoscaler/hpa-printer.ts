// `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, with each metric's
// current value over its target as kubectl prints them (`cpu: 45%/50%`, `<unknown>/50%` before the
// first measurement), two metrics at most and `+ N more...` for the rest.
import type {
  AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from '../../generated/kubernetes-types';
import { age, ageColumn, column, nameColumn, type Printer } from '../../printing';

const UNKNOWN = '<unknown>';
const SHOWN_METRICS = 2;

const percent = (n: number | undefined) => (n === undefined ? undefined : `${n}%`);

/** An average target (Resource, ContainerResource): a raw average value, or a utilization. */
function averageTarget(name: string, target: MetricTarget, current: MetricValueStatus | undefined): string {
  if (target.averageValue !== undefined) return `${name}: ${current?.averageValue ?? UNKNOWN}/${target.averageValue}`;
  return `${name}: ${percent(current?.averageUtilization) ?? UNKNOWN}/${percent(target.averageUtilization) ?? '<auto>'}`;
}

/** A value or per-pod average target (Object, External). */
function valueTarget(target: MetricTarget, current: MetricValueStatus | undefined): string {
  if (target.averageValue !== undefined) return `${current?.averageValue ?? UNKNOWN}/${target.averageValue} (avg)`;
  return `${current?.value ?? UNKNOWN}/${target.value ?? UNKNOWN}`;
}

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  if (spec.type === 'Resource' && spec.resource) return averageTarget(spec.resource.name, spec.resource.target, status?.resource?.current);
  if (spec.type === 'ContainerResource' && spec.containerResource)
    return averageTarget(spec.containerResource.name, spec.containerResource.target, status?.containerResource?.current);
  if (spec.type === 'Pods' && spec.pods)
    return `${status?.pods?.current.averageValue ?? UNKNOWN}/${spec.pods.target.averageValue ?? UNKNOWN}`;
  if (spec.type === 'Object' && spec.object) return valueTarget(spec.object.target, status?.object?.current);
  if (spec.type === 'External' && spec.external) return valueTarget(spec.external.target, status?.external?.current);
  return '<unknown type>';
}

export function hpaTargets(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec.metrics ?? [];
  if (!specs.length) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const shown = specs.slice(0, SHOWN_METRICS).map((spec, i) => formatMetric(spec, statuses[i]));
  const more = specs.length - shown.length;
  return more > 0 ? `${shown.join(', ')} + ${more} more...` : shown.join(', ');
}

export const hpaPrinter: Printer<HorizontalPodAutoscaler> = {
  columns: [
    nameColumn,
    column('Reference'),
    column('Targets'),
    column('MinPods'),
    column('MaxPods', 'integer'),
    column('Replicas', 'integer'),
    ageColumn,
  ],
  cells: (hpa, now) => [
    hpa.metadata.name,
    `${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}`,
    hpaTargets(hpa),
    hpa.spec.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas),
    hpa.spec.maxReplicas,
    hpa.status?.currentReplicas ?? 0,
    age(hpa.metadata.creationTimestamp, now),
  ],
};
