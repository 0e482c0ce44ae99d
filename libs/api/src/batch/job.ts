import { t, Infer } from '../schema';
import { labelSelectorSchema, objectHeader } from '../meta/object-meta';
import { podTemplateSpecSchema } from '../core/pod';

export const jobSchema = t.object({
  ...objectHeader,
  spec: t.required(t.object({
    parallelism: t.integer(0),
    completions: t.integer(0),
    backoffLimit: t.integer(0),
    activeDeadlineSeconds: t.int64(1),
    ttlSecondsAfterFinished: t.integer(0),
    completionMode: t.enum(['NonIndexed', 'Indexed'] as const),
    suspend: t.boolean(),
    manualSelector: t.boolean(),
    selector: labelSelectorSchema,
    template: t.required(podTemplateSpecSchema),
  })),
  status: t.any(),
}).kind('batch', 'v1', 'Job');

export type Job = Infer<typeof jobSchema>;
