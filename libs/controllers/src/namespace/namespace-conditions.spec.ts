import { deletionConditions, type Remaining } from './namespace-conditions';

const NOW = '2026-12-06T17:00:00Z';

function left(resource: string, count: number, finalizers: [string, number][] = []): Remaining {
  return { resource, count, finalizers: new Map(finalizers) };
}

describe('namespace deletion conditions', () => {
  it('names what remains, sorted, and the finalizers holding it', () => {
    const conditions = deletionConditions(undefined, [left('widgets.example.com', 2, [['example.com/keep', 1]]), left('pods', 1)], NOW)!;
    const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
    expect(byType.NamespaceContentRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods has 1 resource instances, widgets.example.com has 2 resource instances',
    });
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({
      status: 'True',
      message: 'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
    });
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered' });
  });

  it('says all content is removed once nothing is left', () => {
    const conditions = deletionConditions(undefined, [left('pods', 0)], NOW)!;
    expect(conditions.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'False', reason: 'ContentRemoved' });
  });

  it('writes nothing when the conditions already say the same, and keeps transition times', () => {
    const first = deletionConditions(undefined, [left('pods', 1)], NOW)!;
    expect(deletionConditions(first, [left('pods', 1)], '2026-12-06T17:00:05Z')).toBeUndefined();
    const fewer = deletionConditions(first, [left('pods', 1), left('jobs.batch', 1)], '2026-12-06T17:00:05Z')!;
    expect(fewer.find((c) => c.type === 'NamespaceContentRemaining')?.lastTransitionTime).toBe(NOW);
    expect(fewer.find((c) => c.type === 'NamespaceContentRemaining')?.message).toContain('jobs.batch has 1');
  });
});
