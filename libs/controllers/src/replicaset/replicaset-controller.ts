// The ReplicaSet controller: keeps spec.replicas pods from the template.
import { type Pod, type PodTemplateSpec, type ReplicaSet, replicaSets } from '@stevedore/api';
import type { ObjectRegistry, Stored } from '@stevedore/apiserver';
import { podFromTemplate } from '../common/template';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, type PodOwnerKind } from '../runtime/pod-owner-controller';
import { planReplicaSet } from './replicaset-plan';

export const REPLICASET_KIND: PodOwnerKind<ReplicaSet> = {
  resource: replicaSets,
  component: 'replicaset-controller',
  plan(rs, pods, now) {
    const plan = planReplicaSet(rs, pods, now);
    const create: Pod[] = Array.from({ length: plan.create }, () => podFromTemplate(rs, templateOf(rs), 'apps/v1', 'ReplicaSet'));
    // Availability depends on time (minReadySeconds): look again while pods are not all available.
    return {
      create,
      delete: plan.delete,
      status: plan.status,
      requeueAfterMs: plan.status.availableReplicas < plan.status.replicas ? 2000 : undefined,
    };
  },
};

/**
 * The API lets a ReplicaSet leave out its template (a Deployment's always has one). One that
 * needs pods and has none fails its sync, so the error is reported and retried with backoff.
 */
function templateOf(rs: Stored<ReplicaSet>): PodTemplateSpec {
  if (!rs.spec.template) throw new Error(`ReplicaSet ${rs.metadata.namespace}/${rs.metadata.name} has no pod template to create pods from`);
  return rs.spec.template;
}

export class ReplicaSetController extends PodOwnerController<ReplicaSet> {
  constructor(registry: ObjectRegistry, replicaSetInformer: Informer<ReplicaSet>, pods: Informer<Pod>) {
    super(registry, REPLICASET_KIND, replicaSetInformer, pods);
  }
}
