// Kubernetes' ResourceQuota admission as the registry's last step: every object created in a
// namespace with quotas is charged to them before it is stored, or refused with a 403. The
// charge is a compare-and-swap write of the quota's status.used, so two creates racing for the
// last unit cannot both win: the loser re-reads the quota and is judged again.
import {
  chargeQuota,
  forbidden,
  isConflict,
  type KubeObject,
  type QuotaCharge,
  type ResourceQuota,
  type ResourceStrategy,
  resourceQuotas,
} from '@stevedore/api';
import type { Admission } from './admission';
import type { ObjectRegistry } from './object-registry';

/** The namespace's quotas as recently known (an informer's copy); a stale one costs a conflict, never an overshoot. */
export type CachedQuotas = (namespace: string) => readonly ResourceQuota[];

const CHARGE_RETRIES = 5;

function refuse(resource: ResourceStrategy, object: KubeObject, refusal: string): Error {
  return forbidden(resource.plural, object.metadata.name, refusal, resource.group);
}

export function quotaAdmission(registry: ObjectRegistry, cached: CachedQuotas, now: () => number = Date.now): Admission {
  const judge = (quota: ResourceQuota, resource: ResourceStrategy, object: KubeObject): QuotaCharge => {
    const charge = chargeQuota(quota, resource, object, now());
    if (charge && 'refusal' in charge) throw refuse(resource, object, charge.refusal);
    return charge;
  };

  /** Writes one quota's charge at its resourceVersion; on a conflict reads it again and judges afresh. */
  const charge = async (quota: ResourceQuota, resource: ResourceStrategy, object: KubeObject): Promise<void> => {
    let current = quota;
    for (let attempt = 1; ; attempt++) {
      const decision = judge(current, resource, object);
      if (!decision || !('used' in decision) || !decision.changed) return;
      try {
        const body = { ...current, status: { ...current.status, used: decision.used } };
        await registry.update(resourceQuotas, current.metadata.namespace!, current.metadata.name!, body, { subresource: 'status' });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= CHARGE_RETRIES) throw err;
        current = await registry.get(resourceQuotas, current.metadata.namespace!, current.metadata.name!);
      }
    }
  };

  return {
    create: async (object, options, resource) => {
      const namespace = object.metadata.namespace;
      if (!namespace) return;
      const quotas = cached(namespace);
      // Every quota judges before any is charged, so a refusal leaves the others untouched.
      const charged = quotas.filter((q) => judge(q, resource, object));
      if (options.dryRun) return;
      for (const quota of charged) await charge(quota, resource, object);
    },
    update: async () => undefined,
  };
}
