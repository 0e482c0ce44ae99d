import type { CustomResourceDefinition } from '@stevedore/api';
import { planDefinitions } from './crd-plan';

const NOW = '2026-01-01T00:00:00Z';

function crd(name: string, plural: string, kind: string, created: string): CustomResourceDefinition {
  const group = name.slice(name.indexOf('.') + 1);
  return {
    metadata: { name, creationTimestamp: created },
    spec: { group, scope: 'Namespaced', names: { plural, kind }, versions: [{ name: 'v1', served: true, storage: true }] },
  };
}

const status = (plan: ReturnType<typeof planDefinitions>, name: string) =>
  plan.get(name)?.conditions.map((c) => `${c.type}=${c.status} ${c.reason}`);

describe('planDefinitions', () => {
  it('accepts names without conflict and establishes the definition', () => {
    const plans = planDefinitions([crd('crontabs.example.com', 'crontabs', 'CronTab', NOW)], NOW);
    expect(plans.get('crontabs.example.com')?.serve).toBe(true);
    expect(status(plans, 'crontabs.example.com')).toEqual(['NamesAccepted=True NoConflicts', 'Established=True InitialNamesAccepted']);
  });

  it('refuses the newer of two definitions with the same kind in a group', () => {
    const older = crd('crontabs.example.com', 'crontabs', 'CronTab', '2026-01-01T00:00:00Z');
    const newer = crd('crontabz.example.com', 'crontabz', 'CronTab', '2026-01-02T00:00:00Z');
    const plans = planDefinitions([newer, older], NOW);
    expect(plans.get('crontabs.example.com')?.serve).toBe(true);
    expect(plans.get('crontabz.example.com')?.serve).toBe(false);
    expect(status(plans, 'crontabz.example.com')).toEqual(['NamesAccepted=False KindConflict', 'Established=False NotAccepted']);
  });

  it('keeps serving a definition being deleted, so finalizers can go, and keeps unchanged transition times', () => {
    const c = crd('crontabs.example.com', 'crontabs', 'CronTab', NOW);
    c.metadata.deletionTimestamp = NOW;
    c.status = { conditions: [{ type: 'Established', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
    const plan = planDefinitions([c], '2026-02-02T00:00:00Z').get('crontabs.example.com');
    expect(plan?.serve).toBe(true);
    expect(plan?.conditions.find((x) => x.type === 'Established')?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
  });
});
