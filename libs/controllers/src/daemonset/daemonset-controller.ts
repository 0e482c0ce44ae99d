// The DaemonSet controller: one pod per eligible node, including nodes that join later, and its
// templates kept as ControllerRevisions for `kubectl rollout history|undo`.
import { type ControllerRevision, type DaemonSet, daemonSets, type Node, type Pod } from '@stevedore/api';
import type { ObjectRegistry, Stored } from '@stevedore/apiserver';
import { planHistory } from '../history/controller-history';
import { pruneRevisions, recordRevision } from '../history/history-writer';
import type { Informer } from '../runtime/informer';
import { PodOwnerController, type PodOwnerKind } from '../runtime/pod-owner-controller';
import { DAEMON_HASH_LABEL, planDaemonSet } from './daemonset-plan';

/** The revision of each template in use: pods carry its hash, revisions are named `<daemonset>-<hash>`. */
async function syncHistory(registry: ObjectRegistry, revisions: Informer<ControllerRevision>, ds: Stored<DaemonSet>, pods: Pod[]) {
  const live = new Set(
    pods
      .map((p) => p.metadata.labels?.[DAEMON_HASH_LABEL])
      .filter((h) => h)
      .map((h) => `${ds.metadata.name}-${h}`),
  );
  const plan = planHistory(
    {
      metadata: ds.metadata,
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      template: ds.spec.template,
      collisionCount: 0,
      revisionHistoryLimit: ds.spec.revisionHistoryLimit ?? 10,
    },
    revisions.controlledBy(ds.metadata.uid),
    live,
  );
  // Pods name their template by its plain hash, so a colliding name cannot be hashed around here.
  if (plan.collision) throw new Error(`ControllerRevision ${plan.update.metadata.name} exists with another template`);
  await recordRevision(registry, ds.metadata.namespace, plan);
  await pruneRevisions(registry, ds.metadata.namespace, plan);
}

function daemonSetKind(registry: ObjectRegistry, nodes: Informer<Node>, revisions: Informer<ControllerRevision>): PodOwnerKind<DaemonSet> {
  return {
    resource: daemonSets,
    component: 'daemonset-controller',
    plan(ds, pods, now) {
      const plan = planDaemonSet(ds, nodes.list(), pods, now);
      return { ...plan, requeueAfterMs: plan.status.numberUnavailable > 0 ? 2000 : undefined };
    },
    sync: (ds, pods) => syncHistory(registry, revisions, ds, pods),
  };
}

export class DaemonSetController extends PodOwnerController<DaemonSet> {
  constructor(
    registry: ObjectRegistry,
    daemonSetInformer: Informer<DaemonSet>,
    pods: Informer<Pod>,
    nodes: Informer<Node>,
    revisions: Informer<ControllerRevision>,
  ) {
    super(registry, daemonSetKind(registry, nodes, revisions), daemonSetInformer, pods, [nodes]);
  }
}
