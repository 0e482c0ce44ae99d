// Runs the control plane's singletons (the scheduler, the controllers) only while this process
// holds their Lease in kube-system, as kube-scheduler and kube-controller-manager do: one Lease
// per group, so each group fails over on its own. Without --leader-elect they simply run.
import type { ObjectRegistry } from '@stevedore/apiserver';
import { fencedRegistry, LeaderElector } from '@stevedore/controllers';
import { logger } from '@stevedore/log';
import { OptionError } from '@stevedore/options';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ControlPlaneConfig } from './config';

export const LEADER_ELECTION_NAMESPACE = 'kube-system';

/** Starts one group of singletons writing through `registry`; returns what to stop when the term ends. */
export type SingletonGroup = (registry: ObjectRegistry) => { stop(): void }[];

export interface Singletons {
  /** Whether this control plane currently leads the group of that Lease name. */
  isLeader(lease: string): boolean;
  /** Stops the singletons, then releases the Leases held so another control plane takes over at once. */
  stop(): Promise<void>;
}

/** Kubernetes' checks on the three durations, with its messages. */
export function checkElectionTimings(config: ControlPlaneConfig): void {
  if (config.leaderElectLeaseDurationSeconds <= config.leaderElectRenewDeadlineSeconds) {
    throw new OptionError('--leader-elect-lease-duration: leaseDuration must be greater than renewDeadline');
  }
  if (config.leaderElectRenewDeadlineSeconds <= 1.2 * config.leaderElectRetryPeriodSeconds) {
    throw new OptionError('--leader-elect-renew-deadline: renewDeadline must be greater than retryPeriod*JitterFactor (1.2)');
  }
}

/**
 * hostname_uuid, as client-go's candidates name themselves; the uuid is kept in the data
 * directory so a restarted control plane renews its own lease instead of waiting for it to expire.
 */
export async function electionIdentity(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'leader-election-id');
  const saved = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    return '';
  });
  if (saved.trim()) return `${os.hostname()}_${saved.trim()}`;
  const id = randomUUID();
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${id}\n`);
  return `${os.hostname()}_${id}`;
}

export async function startSingletons(
  config: ControlPlaneConfig,
  registry: ObjectRegistry,
  groups: Record<string, SingletonGroup>,
): Promise<Singletons> {
  if (!config.leaderElect) {
    const running = Object.values(groups).flatMap((start) => start(registry));
    return { isLeader: () => true, stop: async () => running.forEach((s) => s.stop()) };
  }
  const identity = await electionIdentity(config.dataDir);
  const electors = new Map(
    Object.entries(groups).map(([name, start]) => {
      const elector = new LeaderElector({
        // The group's Lease is written by the component it names, as in Kubernetes' managedFields.
        registry: registry.withFieldManager(name),
        namespace: LEADER_ELECTION_NAMESPACE,
        name,
        identity,
        leaseDurationSeconds: config.leaderElectLeaseDurationSeconds,
        renewDeadlineMs: config.leaderElectRenewDeadlineSeconds * 1000,
        retryPeriodMs: config.leaderElectRetryPeriodSeconds * 1000,
        log: logger('leader-election'),
        lead: (term) => {
          const running = start(fencedRegistry(registry, () => term.isCurrent(), `${LEADER_ELECTION_NAMESPACE}/${name}`));
          return { stop: () => running.forEach((s) => s.stop()) };
        },
      });
      elector.start();
      return [name, elector] as const;
    }),
  );
  return {
    isLeader: (lease) => electors.get(lease)?.isLeader ?? false,
    stop: async () => {
      await Promise.all([...electors.values()].map((e) => e.stop()));
    },
  };
}
