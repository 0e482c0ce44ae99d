import type { ClusterRole } from '@stevedore/api';
import { aggregatedRules, planAggregation } from './aggregation-plan';

const AGG = 'rbac.authorization.k8s.io/aggregate-to-';
const role = (name: string, labels: Record<string, string>, rules: ClusterRole['rules'], selectFor?: string): ClusterRole => ({
  metadata: { name, labels },
  rules,
  ...(selectFor ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}${selectFor}`]: 'true' } }] } } : {}),
});

const podsRead = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
const widgetsRead = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] };

describe('ClusterRole aggregation', () => {
  const view = role('view', { [`${AGG}edit`]: 'true' }, [], 'view');
  const system = role('system:aggregate-to-view', { [`${AGG}view`]: 'true' }, [podsRead]);
  const crd = role('widgets-view', { [`${AGG}view`]: 'true' }, [widgetsRead]);

  it("fills an aggregated role with the matching roles' rules, in name order, without its own", () => {
    expect(aggregatedRules({ ...view, rules: [{ apiGroups: ['x'], resources: ['y'], verbs: ['*'] }] }, [view, system, crd])).toEqual([
      podsRead,
      widgetsRead,
    ]);
  });

  it('writes only when the rules differ, and collapses semantically equal rules', () => {
    const twin = role('twin', { [`${AGG}view`]: 'true' }, [{ ...podsRead, verbs: ['list', 'get'] }]);
    expect(planAggregation(view, [view, system, twin])).toEqual([podsRead]);
    expect(planAggregation({ ...view, rules: [podsRead] }, [view, system, twin])).toBeUndefined();
  });

  it('drops the rules of a role that no longer matches', () => {
    const unlabelled = { ...crd, metadata: { name: 'widgets-view', labels: {} } };
    expect(planAggregation({ ...view, rules: [podsRead, widgetsRead] }, [view, system, unlabelled])).toEqual([podsRead]);
  });

  it('leaves roles without an aggregation rule alone', () => {
    expect(planAggregation(system, [view, system, crd])).toBeUndefined();
  });

  it('lets edit take what view holds, once view is filled in', () => {
    const edit = role('edit', {}, [], 'edit');
    expect(planAggregation(edit, [edit, view])).toBeUndefined();
    expect(planAggregation(edit, [edit, { ...view, rules: [podsRead, widgetsRead] }])).toEqual([podsRead, widgetsRead]);
  });
});
