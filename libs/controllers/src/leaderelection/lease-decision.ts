// What a candidate does with a Lease it just read, as client-go's leaderelection decides it:
// create it when absent, renew it when it holds it, take it over when it is empty or expired,
// wait while someone else holds it, and give up leading when it can no longer prove it leads.
// Pure: the elector loop (leader-elector.ts) reads, calls this, and writes what it returns.

/** The fields of a coordination.k8s.io/v1 Lease's spec that leader election uses. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface ElectionInput {
  identity: string;
  nowMs: number;
  /** The lease as last read, and when (by the local clock) it was first seen in that version. */
  lease?: { spec: LeaseSpec; observedAtMs: number };
  /** When our last successful renewal started; undefined when we do not lead. */
  lastRenewMs?: number;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
}

export type ElectionDecision =
  | { action: 'acquire'; create: boolean; spec: LeaseSpec }
  | { action: 'renew'; spec: LeaseSpec }
  | { action: 'wait'; holder: string; expiresAtMs: number }
  | { action: 'lost'; reason: string };

/** Lease times are MicroTime: RFC 3339 with microseconds, as Kubernetes writes them. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export function decideElection(input: ElectionInput): ElectionDecision {
  const { identity, nowMs, lease, lastRenewMs } = input;
  const leading = lastRenewMs !== undefined;
  if (leading && nowMs - lastRenewMs >= input.renewDeadlineMs) {
    return { action: 'lost', reason: `no renewal within the renew deadline (${input.renewDeadlineMs} ms)` };
  }
  const now = microTime(nowMs);
  if (!lease) {
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: input.leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    return { action: 'acquire', create: true, spec };
  }
  const holder = lease.spec.holderIdentity ?? '';
  if (holder === identity) {
    return { action: 'renew', spec: { ...lease.spec, leaseDurationSeconds: input.leaseDurationSeconds, renewTime: now } };
  }
  if (leading) return { action: 'lost', reason: `the lease is now held by ${holder || 'nobody'}` };
  // Expiry is judged by when *we* saw this version, not by its renewTime: clocks of hosts may differ.
  const expiresAtMs = lease.observedAtMs + (lease.spec.leaseDurationSeconds ?? input.leaseDurationSeconds) * 1000;
  if (holder !== '' && nowMs < expiresAtMs) return { action: 'wait', holder, expiresAtMs };
  const spec = {
    holderIdentity: identity,
    leaseDurationSeconds: input.leaseDurationSeconds,
    acquireTime: now,
    renewTime: now,
    leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1,
  };
  return { action: 'acquire', create: false, spec };
}

/** Whether a leader may still act: its last renewal started less than the renew deadline ago. */
export function withinRenewDeadline(lastRenewMs: number | undefined, nowMs: number, renewDeadlineMs: number): boolean {
  return lastRenewMs !== undefined && nowMs - lastRenewMs < renewDeadlineMs;
}
