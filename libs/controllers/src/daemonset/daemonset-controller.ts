// The DaemonSet controller: one pod per eligible node, including nodes that join later.
import { DaemonSet, findResource, Node } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, PodOwnerKind } from '../runtime/pod-owner-controller';
import { planDaemonSet } from './daemonset-plan';

function daemonSetKind(nodes: Informer): PodOwnerKind {
  return {
    resource: findResource('apps', 'daemonsets')!,
    component: 'daemonset-controller',
    plan(owner, pods, now) {
      const plan = planDaemonSet(owner as unknown as DaemonSet, nodes.list() as unknown as Node[], pods, now);
      return { ...plan, requeueAfterMs: plan.status.numberUnavailable > 0 ? 2000 : undefined };
    },
  };
}

export class DaemonSetController extends PodOwnerController {
  constructor(registry: ObjectRegistry, daemonSets: Informer, pods: Informer, nodes: Informer) {
    super(registry, daemonSetKind(nodes), daemonSets, pods, [nodes]);
  }
}
