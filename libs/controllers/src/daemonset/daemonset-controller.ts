// The DaemonSet controller: one pod per eligible node, including nodes that join later.
import { type DaemonSet, daemonSets, type Node, type Pod } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, type PodOwnerKind } from '../runtime/pod-owner-controller';
import { planDaemonSet } from './daemonset-plan';

function daemonSetKind(nodes: Informer<Node>): PodOwnerKind<DaemonSet> {
  return {
    resource: daemonSets,
    component: 'daemonset-controller',
    plan(ds, pods, now) {
      const plan = planDaemonSet(ds, nodes.list(), pods, now);
      return { ...plan, requeueAfterMs: plan.status.numberUnavailable > 0 ? 2000 : undefined };
    },
  };
}

export class DaemonSetController extends PodOwnerController<DaemonSet> {
  constructor(registry: ObjectRegistry, daemonSetInformer: Informer<DaemonSet>, pods: Informer<Pod>, nodes: Informer<Node>) {
    super(registry, daemonSetKind(nodes), daemonSetInformer, pods, [nodes]);
  }
}
