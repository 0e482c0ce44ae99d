import type {
  AutoscalingV1HorizontalPodAutoscaler as V1,
  AutoscalingV2HorizontalPodAutoscaler as V2,
} from '../../generated/kubernetes-types';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1-conversion';

const scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('autoscaling/v1 <-> v2 conversion', () => {
  it('turns kubectl autoscale’s CPU percentage into a Resource metric and back', () => {
    const v1: V1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 50 },
    };
    const v2 = hpaV1ToV2(v1);
    expect(v2).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef,
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    });
    expect(hpaV2ToV1(v2)).toEqual(v1);
  });

  it('shows the current CPU utilization and keeps everything else v1 cannot say in annotations', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } };
    const v2: V2 = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', annotations: { team: 'a' } },
      spec: {
        scaleTargetRef,
        maxReplicas: 5,
        metrics: [memory, cpu],
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 10, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] },
        },
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '20Mi' } } },
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '75m' } } },
        ],
        conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }],
      },
    };
    const v1 = hpaV2ToV1(v2);
    expect(v1.spec).toEqual({ scaleTargetRef, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 });
    expect(Object.keys(v1.metadata.annotations ?? {}).sort()).toEqual([
      'autoscaling.alpha.kubernetes.io/behavior',
      'autoscaling.alpha.kubernetes.io/conditions',
      'autoscaling.alpha.kubernetes.io/current-metrics',
      'autoscaling.alpha.kubernetes.io/metrics',
      'team',
    ]);
    // Back in v2 nothing is lost; the CPU metric comes first, as v1 holds it apart.
    const back = hpaV1ToV2(v1);
    expect(back.metadata.annotations).toEqual({ team: 'a' });
    expect(back.spec.metrics).toEqual([cpu, memory]);
    expect(back.spec.behavior).toEqual(v2.spec.behavior);
    expect(back.status?.conditions).toEqual(v2.status?.conditions);
    expect(back.status?.currentMetrics?.map((m) => m.resource?.name)).toEqual(['cpu', 'memory']);
  });
});
