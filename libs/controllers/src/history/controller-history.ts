// A workload's history as ControllerRevisions, as Kubernetes' StatefulSet and DaemonSet
// controllers keep it: one revision per distinct pod template, named `<owner>-<hash>`, numbered
// in the order the templates were last used, so `kubectl rollout history` lists them and
// `kubectl rollout undo` patches a template back from a revision's data.
import type { ControllerRevision, PodTemplateSpec, RawExtension } from '@stevedore/api';
import { controllerRef } from '../common/owner';
import { stableJson } from '../common/stable-json';
import { templateHash } from '../deployment/template-hash';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** What the history is kept for. */
export interface HistoryOwner {
  metadata: { name: string; namespace?: string; uid: string; annotations?: Record<string, string> };
  apiVersion: string;
  kind: string;
  template: PodTemplateSpec;
  collisionCount: number;
  revisionHistoryLimit: number;
}

export interface HistoryPlan {
  /** The revision of the current template (existing, renumbered or to be created). */
  update: ControllerRevision;
  create?: ControllerRevision;
  /** An older revision whose template is back in use moves to the top of the history. */
  renumber?: { name: string; revision: number };
  /** Revisions past the history limit that no pod uses any more, oldest first. */
  delete: string[];
  /** A revision of another template already has this name: count a collision and hash again. */
  collision: boolean;
}

/**
 * The revision's data is a strategic merge patch that puts the template back whole, the form
 * kubectl sends unchanged on `rollout undo`.
 */
export function revisionData(template: PodTemplateSpec): RawExtension {
  return { spec: { template: { ...structuredClone(template), $patch: 'replace' } } };
}

/** The pod template a revision holds. */
export function templateOf(revision: ControllerRevision): PodTemplateSpec | undefined {
  const template = (revision.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
  if (!template) return undefined;
  const { $patch: _patch, ...rest } = template;
  return rest;
}

const byRevision = (a: ControllerRevision, b: ControllerRevision) => a.revision - b.revision;

function newRevision(owner: HistoryOwner, hash: string, data: RawExtension, revision: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      // kubectl finds a workload's revisions with its selector, so they carry the template's labels.
      labels: { ...owner.template.metadata?.labels, [REVISION_HASH_LABEL]: hash },
      ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner, owner.apiVersion, owner.kind)],
    },
    data,
    revision,
  };
}

/**
 * The step that brings the history up to date: the current template's revision (created, or an
 * old one renumbered after a rollback) and the revisions to prune. `live` names the revisions
 * still in use (by pods, or as the workload's current revision), which are never pruned.
 */
export function planHistory(owner: HistoryOwner, revisions: readonly ControllerRevision[], live: ReadonlySet<string>): HistoryPlan {
  const sorted = [...revisions].sort(byRevision);
  const data = revisionData(owner.template);
  const text = stableJson(data);
  const top = sorted.at(-1)?.revision ?? 0;
  const equal = sorted.filter((r) => stableJson(r.data) === text);
  const plan: HistoryPlan = { update: equal.at(-1)!, delete: [], collision: false };
  if (plan.update) {
    if (plan.update.revision < top) {
      plan.renumber = { name: plan.update.metadata.name!, revision: top + 1 };
      plan.update = { ...plan.update, revision: top + 1 };
    }
  } else {
    const hash = templateHash(owner.template, owner.collisionCount);
    plan.update = newRevision(owner, hash, data, top + 1);
    if (sorted.some((r) => r.metadata.name === plan.update.metadata.name)) plan.collision = true;
    else plan.create = plan.update;
  }
  const prunable = sorted.filter((r) => r.metadata.name !== plan.update.metadata.name && !live.has(r.metadata.name!));
  const surplus = prunable.length - Math.max(0, owner.revisionHistoryLimit);
  plan.delete = prunable.slice(0, Math.max(0, surplus)).map((r) => r.metadata.name!);
  return plan;
}
