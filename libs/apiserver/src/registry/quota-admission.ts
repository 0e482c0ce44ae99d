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
import type { ObjectRegistry, WriteOptions } from './object-registry';

/** The namespace's quotas as recently known (an informer's copy); a stale one costs a conflict, never an overshoot. */
export type CachedQuotas = (namespace: string) => readonly ResourceQuota[];

const CHARGE_RETRIES = 5;

function refuse(resource: ResourceStrategy, object: KubeObject, refusal: string): Error {
  return forbidden(resource.plural, object.metadata.name, refusal, resource.group);
}

export function quotaAdmission(registry: ObjectRegistry, cached: CachedQuotas, now: () => number = Date.now): Admission {
  const judge = (quota: ResourceQuota, resource: ResourceStrategy, object: KubeObject, previous?: KubeObject): QuotaCharge => {
    const charge = chargeQuota(quota, resource, object, now(), previous);
    if (charge && 'refusal' in charge) throw refuse(resource, object, charge.refusal);
    return charge;
  };

  /** Writes one quota's charge at its resourceVersion; on a conflict reads it again and judges afresh. */
  const charge = async (quota: ResourceQuota, resource: ResourceStrategy, object: KubeObject, previous?: KubeObject): Promise<void> => {
    let current = quota;
    for (let attempt = 1; ; attempt++) {
      const decision = judge(current, resource, object, previous);
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

  /** Every quota judges before any is charged, so a refusal leaves the others untouched. */
  const admit = async (object: KubeObject, options: WriteOptions, resource: ResourceStrategy, previous?: KubeObject) => {
    const namespace = object.metadata.namespace;
    if (!namespace) return;
    const charged = cached(namespace).filter((q) => judge(q, resource, object, previous));
    if (options.dryRun) return;
    for (const quota of charged) await charge(quota, resource, object, previous);
  };

  return {
    create: (object, options, resource) => admit(object, options, resource),
    // A claim that grows or a Service that becomes a LoadBalancer is charged the difference.
    update: (current, next, options, resource) => admit(next, options, resource, current),
  };
}
