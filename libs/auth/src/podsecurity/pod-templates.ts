// Where each workload kind keeps the pod template its controller stamps pods from.
import type { PodView } from './describe';

/** The fields a template may sit in; anything else about the object is not read. */
interface WithTemplate {
  template?: PodView;
  spec?: { template?: PodView; jobTemplate?: { spec?: { template?: PodView } } };
}

/** The kinds Kubernetes' PodSecurity plugin checks the template of (warn and audit only). */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'PodTemplate']);

/** The pod template of a workload object, or undefined for other kinds or a template without a spec. */
export function podTemplateOf(kind: string, any: object): PodView | undefined {
  const object = any as WithTemplate;
  if (kind === 'CronJob') return withSpec(object.spec?.jobTemplate?.spec?.template);
  if (kind === 'PodTemplate') return withSpec(object.template);
  if (TEMPLATE_KINDS.has(kind)) return withSpec(object.spec?.template);
  return undefined;
}

function withSpec(template: PodView | undefined): PodView | undefined {
  return template?.spec ? template : undefined;
}
