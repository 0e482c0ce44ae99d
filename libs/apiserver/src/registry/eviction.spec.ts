// Evictions against PodDisruptionBudgets, through the registry over the in-memory store.
import {
  isNotFound,
  namespaces,
  type PodDisruptionBudget,
  type PodDisruptionBudgetSpec,
  type PodDisruptionBudgetStatus,
  podDisruptionBudgets,
  pods,
  type StatusError,
} from '@stevedore/api';
import { MemoryStore } from '@stevedore/store';
import { ObjectRegistry } from './object-registry';
import { evictPod } from './subresources';

const NS = 'default';

async function cluster(): Promise<ObjectRegistry> {
  const registry = new ObjectRegistry(new MemoryStore());
  await registry.create(namespaces, undefined, { metadata: { name: NS } });
  return registry;
}

/** A pod of app=web, Running and Ready unless said otherwise. */
async function runningPod(registry: ObjectRegistry, name: string, ready = true): Promise<void> {
  const { object } = await registry.create(pods, NS, {
    metadata: { name, labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
  await registry.update(pods, NS, name, { ...object, status }, { subresource: 'status' });
}

/** A budget over app=web whose status the disruption controller is taken to have written. */
async function budget(
  registry: ObjectRegistry,
  name: string,
  status: Partial<PodDisruptionBudgetStatus>,
  spec: PodDisruptionBudgetSpec = { minAvailable: 1 },
): Promise<void> {
  const { object } = await registry.create(podDisruptionBudgets, NS, {
    metadata: { name },
    spec: { ...spec, selector: { matchLabels: { app: 'web' } } },
  });
  const full = { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, observedGeneration: 1, ...status };
  await registry.update(podDisruptionBudgets, NS, name, { ...object, status: full }, { subresource: 'status' });
}

const evict = (registry: ObjectRegistry, name: string) => evictPod(registry, pods, NS, name, { apiVersion: 'policy/v1', kind: 'Eviction' });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: StatusError) => e.status,
  );
/** Deleted, or terminating: an unscheduled pod goes at once, a scheduled one gracefully. */
const beingDeleted = (registry: ObjectRegistry, name: string): Promise<boolean> =>
  registry.get(pods, NS, name).then(
    (pod) => !!pod.metadata.deletionTimestamp,
    (err: unknown) => {
      if (isNotFound(err)) return true;
      throw err;
    },
  );
const readBudget = (registry: ObjectRegistry, name = 'web'): Promise<PodDisruptionBudget> => registry.get(podDisruptionBudgets, NS, name);

describe('eviction with PodDisruptionBudgets', () => {
  it('refuses with 429 and the budget as the cause when no disruption is allowed', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await budget(registry, 'web', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    expect(await refusal(evict(registry, 'a'))).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 1 healthy pods and has 1 currently' }] },
    });
    expect(await beingDeleted(registry, 'a')).toBe(false);
  });

  it('spends one allowed disruption, records the pod, then deletes it', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await budget(registry, 'web', { disruptionsAllowed: 2 });
    await evict(registry, 'a');
    const { status } = await readBudget(registry);
    expect(status?.disruptionsAllowed).toBe(1);
    expect(Object.keys(status?.disruptedPods ?? {})).toEqual(['a']);
    expect(await beingDeleted(registry, 'a')).toBe(true);
  });

  it('lets exactly one of two concurrent evictions take the last allowed disruption', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await runningPod(registry, 'b');
    await budget(registry, 'web', { disruptionsAllowed: 1 });
    const outcomes = await Promise.all([refusal(evict(registry, 'a')), refusal(evict(registry, 'b'))]);
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(1);
    expect(outcomes.filter((o) => o?.code === 429)).toHaveLength(1);
    expect([await beingDeleted(registry, 'a'), await beingDeleted(registry, 'b')].filter(Boolean)).toHaveLength(1);
    expect((await readBudget(registry)).status?.disruptionsAllowed).toBe(0);
  });

  it('waits (429) until the controller has seen the budget’s generation', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await budget(registry, 'web', { observedGeneration: 0 });
    expect(await refusal(evict(registry, 'a'))).toMatchObject({
      code: 429,
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }] },
    });
  });

  it('refuses a pod that two budgets select (500)', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await budget(registry, 'one', {});
    await budget(registry, 'two', {});
    expect(await refusal(evict(registry, 'a'))).toMatchObject({
      code: 500,
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
  });

  it('evicts an unready pod without spending the budget while the application is healthy enough', async () => {
    const registry = await cluster();
    await runningPod(registry, 'sick', false);
    await budget(registry, 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    await evict(registry, 'sick');
    expect(await beingDeleted(registry, 'sick')).toBe(true);
    expect((await readBudget(registry)).status?.disruptionsAllowed).toBe(0);
  });

  it('evicts freely where no budget selects the pod', async () => {
    const registry = await cluster();
    await runningPod(registry, 'a');
    await evict(registry, 'a');
    expect(await beingDeleted(registry, 'a')).toBe(true);
  });
});
