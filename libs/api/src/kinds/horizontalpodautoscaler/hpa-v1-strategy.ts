// autoscaling/v1 HorizontalPodAutoscalers: what kubectl autoscale creates up to kubectl 1.32.
// Served by conversion: stored, defaulted and validated as autoscaling/v2.
import type {
  AutoscalingV1HorizontalPodAutoscaler as V1,
  AutoscalingV2HorizontalPodAutoscaler as V2,
} from '../../generated/kubernetes-types';
import type { KubeObject } from '../../strategy';
import { defineResource, localConversion, subresource } from '../../strategy';
import { hpaPrinter } from './hpa-printer';
import { horizontalPodAutoscalers } from './hpa-strategy';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-v1-conversion';

export const horizontalPodAutoscalersV1 = defineResource<V1>({
  group: 'autoscaling',
  version: 'v1',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  definition: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: [subresource('status')],
  printer: { columns: hpaPrinter.columns, cells: (hpa, now) => hpaPrinter.cells(hpaV1ToV2(hpa), now) },
  conversion: localConversion(
    horizontalPodAutoscalers,
    (object: KubeObject) => hpaV1ToV2(object as V1),
    (object: KubeObject) => hpaV2ToV1(object as V2),
  ),
});
