// The ReplicaSet controller: keeps spec.replicas pods from the template.
import { findResource, Pod, ReplicaSet } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { podFromTemplate } from '../common/template';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, PodOwnerKind } from '../runtime/pod-owner-controller';
import { planReplicaSet } from './replicaset-plan';

export const REPLICASET_KIND: PodOwnerKind = {
  resource: findResource('apps', 'replicasets')!,
  component: 'replicaset-controller',
  plan(owner, pods, now) {
    const rs = owner as unknown as ReplicaSet;
    const plan = planReplicaSet(rs, pods, now);
    const create: Pod[] = Array.from({ length: plan.create }, () => podFromTemplate(rs as never, rs.spec.template as never, 'apps/v1', 'ReplicaSet'));
    // Availability depends on time (minReadySeconds): look again while pods are not all available.
    return { create, delete: plan.delete, status: plan.status, requeueAfterMs: plan.status.availableReplicas < plan.status.replicas ? 2000 : undefined };
  },
};

export class ReplicaSetController extends PodOwnerController {
  constructor(registry: ObjectRegistry, replicaSets: Informer, pods: Informer) {
    super(registry, REPLICASET_KIND, replicaSets, pods);
  }
}
