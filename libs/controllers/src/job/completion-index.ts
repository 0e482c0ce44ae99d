// Indexed Jobs: each pod carries its completion index 0..completions-1 in an annotation (which
// the Job controller reads back), a label of the same name, the JOB_COMPLETION_INDEX variable
// (from the annotation, through the downward API) and its hostname.
import type { Pod } from '@stevedore/api';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const INDEX_VARIABLE = 'JOB_COMPLETION_INDEX';

/** The pod's index, if it has a well-formed one. */
export function completionIndex(pod: Pod): number | undefined {
  const text = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  return text !== undefined && /^(0|[1-9]\d*)$/.test(text) ? Number(text) : undefined;
}

/** "0-2,5" for 0, 1, 2 and 5, as `status.completedIndexes` lists them. */
export function compressIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

type Container = Pod['spec']['containers'][number];

function withIndexVariable(container: Container): Container {
  if ((container.env ?? []).some((e) => e.name === INDEX_VARIABLE)) return container;
  const fieldRef = { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` };
  return { ...container, env: [...(container.env ?? []), { name: INDEX_VARIABLE, valueFrom: { fieldRef } }] };
}

/** The Job's pod for one index: named `<job>-<index>-<suffix>`, with hostname `<job>-<index>`. */
export function withCompletionIndex(pod: Pod, jobName: string, index: number): Pod {
  const { metadata, spec } = pod;
  return {
    ...pod,
    metadata: {
      ...metadata,
      generateName: `${jobName}-${index}-`,
      labels: { ...metadata.labels, [COMPLETION_INDEX]: `${index}` },
      annotations: { ...metadata.annotations, [COMPLETION_INDEX]: `${index}` },
    },
    spec: {
      ...spec,
      hostname: spec.hostname ?? `${jobName}-${index}`,
      containers: spec.containers.map(withIndexVariable),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(withIndexVariable) } : {}),
    },
  };
}
