// HorizontalPodAutoscalers (autoscaling/v2): the horizontal-pod-autoscaler controller sets the
// replica count of the target named in spec.scaleTargetRef, through the target's scale
// subresource, from the pods' measured CPU and memory; it writes the status.
import type { AutoscalingV2HorizontalPodAutoscaler as HorizontalPodAutoscaler } from '../../generated/kubernetes-types';
import type { Cause } from '../../schema';
import { defineResource, subresource } from '../../strategy';
import { defaultHpaSpec } from './hpa-defaults';
import { hpaPrinter } from './hpa-printer';
import { hpaSpecRules } from './hpa-validation';

export const horizontalPodAutoscalers = defineResource<HorizontalPodAutoscaler>({
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: [subresource('status')],
  printer: hpaPrinter,
  defaults: (hpa) => defaultHpaSpec(hpa.spec),
  // The status is the controller's: whatever a new object brings (kubectl autoscale sends zeros) is dropped.
  prepareForCreate: (hpa) => {
    delete hpa.status;
  },
  validate: (hpa) => {
    const causes: Cause[] = [];
    hpaSpecRules(hpa.spec, causes);
    return causes;
  },
});
