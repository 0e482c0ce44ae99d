// etcd cluster membership through etcd's own Cluster API (MemberList, MemberAdd, MemberPromote,
// MemberRemove), as `etcdctl member …` calls it: how a control-plane host joins a running
// cluster with its own member, and how one is taken out again.
import type { Logger } from '@stevedore/log';
import type { EtcdClientTls } from '@stevedore/pki';
import { noop } from 'cockatiel';
import { Etcd3, type IMember } from 'etcd3';
import { readEtcdCredentials } from './etcd-tls';

export interface EtcdMember {
  /** etcd's member ID (a uint64, as a decimal string). */
  id: string;
  /** Empty for a member added but not started yet. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

const CALL_TIMEOUT_MS = 10_000;

function toMember(m: IMember): EtcdMember {
  return { id: String(m.ID), name: m.name, peerUrls: m.peerURLs ?? [], clientUrls: m.clientURLs ?? [], isLearner: !!m.isLearner };
}

/** Runs `use` with a client of the cluster at `endpoints`, and closes it whatever happens. */
async function withCluster<T>(endpoints: string[], tls: EtcdClientTls, use: (client: Etcd3) => Promise<T>): Promise<T> {
  const client = new Etcd3({
    hosts: endpoints,
    credentials: await readEtcdCredentials(tls),
    dialTimeout: 5000,
    defaultCallOptions: () => ({ deadline: Date.now() + CALL_TIMEOUT_MS }),
    // No circuit breaker: etcd's "unhealthy cluster" refusals are expected for seconds after a
    // promotion and whenHealthy retries them; a breaker opened by them refused the retries.
    faultHandling: { host: () => noop, global: noop },
  });
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/**
 * etcd refuses a membership change (`etcdserver: unhealthy cluster`) until it has been connected
 * to every voting member for 5 s, so a member promoted a moment ago holds up the next change:
 * that refusal, and only it, is retried for a while.
 */
async function whenHealthy<T>(change: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await change();
    } catch (err) {
      if (!/unhealthy cluster/.test((err as Error).message) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export function listMembers(endpoints: string[], tls: EtcdClientTls): Promise<EtcdMember[]> {
  return withCluster(endpoints, tls, async (c) => (await c.cluster.memberList({})).members.map(toMember));
}

/**
 * Adds a member as a raft learner (it receives the log but does not vote, so a slow or failed
 * start cannot cost the cluster its quorum, as etcd recommends). Returns the new member and every
 * member's name=peerURL, the `--initial-cluster` the new member must start with.
 */
export async function addLearner(
  endpoints: string[],
  tls: EtcdClientTls,
  name: string,
  peerUrl: string,
): Promise<{ member: EtcdMember; initialCluster: string }> {
  return withCluster(endpoints, tls, async (c) => {
    const existing = (await c.cluster.memberList({})).members.map(toMember);
    const clash = existing.find((m) => m.name === name || m.peerUrls.includes(peerUrl));
    if (clash)
      throw new Error(`etcd already has a member ${clash.name || '(not started)'} at ${clash.peerUrls.join(',')}: remove it first`);
    const added = await whenHealthy(() => c.cluster.memberAdd({ peerURLs: [peerUrl], isLearner: true }));
    const member = toMember(added.member);
    const initialCluster = added.members
      .map(toMember)
      .flatMap((m) => m.peerUrls.map((url) => `${m.id === member.id ? name : m.name}=${url}`))
      .join(',');
    return { member, initialCluster };
  });
}

/**
 * Promotes a learner to a voting member once it has caught up: etcd refuses the promotion until
 * the learner's log is close to the leader's, so it is retried until `timeoutMs`.
 */
export async function promoteWhenCaughtUp(
  endpoints: string[],
  tls: EtcdClientTls,
  id: string,
  log: Logger,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withCluster(endpoints, tls, async (c) => {
    for (;;) {
      try {
        await c.cluster.memberPromote({ ID: id });
        return;
      } catch (err) {
        const message = (err as Error).message;
        if (Date.now() > deadline) throw new Error(`etcd did not promote learner ${id} within ${timeoutMs / 1000} s: ${message}`);
        log.debug(`learner ${id} not promoted yet: ${message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });
}

/** Removes the member named (or with the ID) `nameOrId`; fails naming the members there are when there is none. */
export async function removeMember(endpoints: string[], tls: EtcdClientTls, nameOrId: string): Promise<EtcdMember> {
  return withCluster(endpoints, tls, async (c) => {
    const members = (await c.cluster.memberList({})).members.map(toMember);
    const member = members.find((m) => m.name === nameOrId) ?? members.find((m) => m.id === nameOrId);
    if (!member) throw new Error(`etcd has no member ${nameOrId} (members: ${members.map((m) => m.name || m.id).join(', ')})`);
    await whenHealthy(() => c.cluster.memberRemove({ ID: member.id }));
    return member;
  });
}
