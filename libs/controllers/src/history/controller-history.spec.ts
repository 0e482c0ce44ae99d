import type { ControllerRevision, PodTemplateSpec } from '@stevedore/api';
import { type HistoryOwner, planHistory, revisionData, templateOf } from './controller-history';

const template = (image: string): PodTemplateSpec => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image }] },
});

function owner(image: string, extra: Partial<HistoryOwner> = {}): HistoryOwner {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', annotations: { 'kubernetes.io/change-cause': `image ${image}` } },
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    template: template(image),
    collisionCount: 0,
    revisionHistoryLimit: 10,
    ...extra,
  };
}

/** The history after recording each image in turn, as the controller would. */
function historyOf(...images: string[]): ControllerRevision[] {
  let revisions: ControllerRevision[] = [];
  for (const image of images) {
    const plan = planHistory(owner(image), revisions, new Set());
    if (plan.create) revisions.push(plan.create);
    if (plan.renumber) {
      const { name, revision } = plan.renumber;
      revisions = revisions.map((r) => (r.metadata.name === name ? { ...r, revision } : r));
    }
  }
  return revisions;
}

describe('planHistory', () => {
  it('records a template once, with the owner labels kubectl selects by and its change-cause', () => {
    const plan = planHistory(owner('a'), [], new Set());
    expect(plan.create).toMatchObject({
      metadata: {
        name: expect.stringMatching(/^web-/),
        labels: { app: 'web', 'controller-revision-hash': plan.create!.metadata.name!.slice(4) },
        annotations: { 'kubernetes.io/change-cause': 'image a' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-1', controller: true }],
      },
      revision: 1,
    });
    expect(templateOf(plan.create!)).toEqual(template('a'));
    const again = planHistory(owner('a'), [plan.create!], new Set());
    expect([again.create, again.renumber, again.delete]).toEqual([undefined, undefined, []]);
  });

  it('keeps the data kubectl rollout undo sends back as a patch', () => {
    expect(revisionData(template('a'))).toEqual({ spec: { template: { ...template('a'), $patch: 'replace' } } });
  });

  it('moves a template back in use to the top of the history (a rollback)', () => {
    const revisions = historyOf('a', 'b', 'a');
    expect(revisions.map((r) => [templateOf(r)?.spec.containers[0]?.image, r.revision])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('prunes the oldest revisions past the limit, never one still in use', () => {
    const revisions = historyOf('a', 'b', 'c', 'd');
    const [a, b] = revisions;
    const plan = planHistory(owner('d', { revisionHistoryLimit: 1 }), revisions, new Set([a!.metadata.name!]));
    expect(plan.delete).toEqual([b!.metadata.name]);
    expect(planHistory(owner('d', { revisionHistoryLimit: 0 }), revisions, new Set()).delete).toHaveLength(3);
  });

  it('reports a name taken by another template, and hashes differently once the collision is counted', () => {
    const plan = planHistory(owner('a'), [], new Set());
    const squatter = { ...plan.create!, data: revisionData(template('other')) };
    const collided = planHistory(owner('a'), [squatter], new Set());
    expect([collided.collision, collided.create]).toEqual([true, undefined]);
    const rehashed = planHistory(owner('a', { collisionCount: 1 }), [squatter], new Set());
    expect(rehashed.collision).toBe(false);
    expect(rehashed.create!.metadata.name).not.toBe(squatter.metadata.name);
    expect(rehashed.create!.revision).toBe(2);
  });
});
