import type { AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler } from '../../generated/kubernetes-types';
import { validate } from '../../validate';
import { hpaTargets } from './hpa-printer';
import { horizontalPodAutoscalers as hpas } from './hpa-strategy';

type Spec = HorizontalPodAutoscaler['spec'];

const hpa = (spec: Partial<Spec> = {}): HorizontalPodAutoscaler => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 4, ...spec },
});

/** The causes as the 422's message lists them: `field: message`. */
function problems(h: HorizontalPodAutoscaler): string[] {
  const { causes } = validate(hpas.schema, h);
  hpas.defaults(h);
  return [...causes, ...hpas.validate(h)].map((c) => `${c.field}: ${c.message}`);
}

const cpu = (averageUtilization: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});

describe('HorizontalPodAutoscaler strategy: defaults', () => {
  it('fills one replica at least and an 80% CPU target, and leaves behavior unset', () => {
    const h = hpa();
    hpas.defaults(h);
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([cpu(80)]);
    expect(h.spec.behavior).toBeUndefined();
  });

  it('fills the rules of a given behavior field by field, keeping what was given', () => {
    const h = hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 10 } } });
    hpas.defaults(h);
    expect(h.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 10, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('drops the status a new object brings: the controller owns it', () => {
    const h = hpa();
    h.status = { currentReplicas: 0, desiredReplicas: 0 };
    hpas.prepareForCreate(h);
    expect(h.status).toBeUndefined();
  });

  it('replaces the default policies as a whole when some are given', () => {
    const h = hpa({ behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
    hpas.defaults(h);
    expect(h.spec.behavior?.scaleUp?.policies).toEqual([{ type: 'Pods', value: 1, periodSeconds: 60 }]);
  });
});

describe('HorizontalPodAutoscaler strategy: validation', () => {
  it('accepts kubectl autoscale’s object', () => {
    expect(problems(hpa({ minReplicas: 1, maxReplicas: 4, metrics: [cpu(50)] }))).toEqual([]);
  });

  it('refuses replica bounds as Kubernetes does', () => {
    expect(problems(hpa({ minReplicas: 0, maxReplicas: 0 }))).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
    ]);
    expect(problems(hpa({ minReplicas: 5, maxReplicas: 3 }))).toEqual([
      'spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`',
    ]);
  });

  it('requires the target reference’s kind and name', () => {
    expect(problems(hpa({ scaleTargetRef: { kind: '', name: 'a/b' } }))).toEqual([
      'spec.scaleTargetRef.kind: Required value: ',
      'spec.scaleTargetRef.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
  });

  it('checks each metric’s source and target', () => {
    const found = problems(
      hpa({
        metrics: [
          { type: 'Resource' },
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Percent' } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi', averageUtilization: 50 } } },
          { type: 'Loud', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { ...cpu(50), type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      }),
    );
    expect(found).toEqual([
      'spec.metrics[0].resource: Required value: must populate information for the given metric source',
      'spec.metrics[1].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      'spec.metrics[2].resource.target.type: Unsupported value: "Percent": supported values: "AverageValue", "Utilization", "Value"',
      'spec.metrics[2].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
      'spec.metrics[3].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
      'spec.metrics[4].type: Unsupported value: "Loud": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[5]: Forbidden: must populate the given metric source only',
    ]);
  });

  it('checks the behavior’s ranges with their field paths', () => {
    const found = problems(
      hpa({
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 3601, selectPolicy: 'Fastest', policies: [] },
          scaleDown: {
            stabilizationWindowSeconds: -1,
            policies: [
              { type: 'Replicas', value: 0, periodSeconds: 1801 },
              { type: 'Pods', value: 1, periodSeconds: 0 },
            ],
          },
        },
      }),
    );
    expect(found).toEqual([
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Fastest": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleUp.policies: Required value: must specify at least one Policy',
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero',
      'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Replicas": supported values: "Percent", "Pods"',
      'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
      'spec.behavior.scaleDown.policies[1].periodSeconds: Invalid value: 0: must be greater than zero',
    ]);
  });

  it('requires a spec, as every HPA names its target', () => {
    const h = { metadata: { name: 'x' } } as HorizontalPodAutoscaler;
    expect(validate(hpas.schema, h).causes.map((c) => c.field)).toEqual(['spec']);
  });
});

describe('HorizontalPodAutoscaler printer', () => {
  const now = Date.parse('2026-01-01T00:05:00Z');

  it('shows the reference, current/target per metric and the replica bounds, as kubectl get hpa does', () => {
    const h = hpa({ minReplicas: 1, metrics: [cpu(50)] });
    h.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    expect(hpas.printer.cells(h, now)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', 4, 0, '5m']);
    h.status = {
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '45m' } } }],
    };
    expect(hpas.printer.cells(h, now)).toEqual(['web', 'Deployment/web', 'cpu: 45%/50%', '1', 4, 2, '5m']);
  });

  it('shows average values and cuts the list after two metrics', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    const h = hpa({ metrics: [memory, cpu(50), cpu(60)] });
    h.status = {
      desiredReplicas: 1,
      currentMetrics: [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '20Mi' } } }],
    };
    expect(hpaTargets(h)).toBe('memory: 20Mi/100Mi, cpu: <unknown>/50% + 1 more...');
    expect(hpaTargets(hpa({ metrics: [] }))).toBe('<none>');
  });
});
