// `stevedore join --control-plane` (a new control-plane host: etcd member, API, node) and
// `stevedore leave` / `stevedore remove-control-plane NAME` (taking one out of etcd again).
// The etcd client is loaded only when one of them runs.

import type { AgentConfig } from '@stevedore/node-agent';
import {
  addOptions,
  DATA_DIR_OPTION,
  dnsSubdomain,
  flag,
  hostPort,
  nonEmpty,
  optional,
  readOptions,
  required,
  withHelp,
} from '@stevedore/options';
import type { Command } from 'commander';
import { UP_OPTIONS, type UpOptions } from '../cluster-options';
import type { RunningCluster } from '../up';
import { parseCaCertHash } from './ca-hash';
import type { JoinService } from './join-service';

export const JOIN_OPTIONS = {
  ...UP_OPTIONS,
  /** Required: the join command of a running control plane names it. */
  joinServer: required(
    optional({ flag: '--server <host:port>', help: "a control plane's join service (printed by `stevedore up`)", parse: hostPort() }),
  ),
  /** Required */
  joinToken: required(optional({ flag: '--token <token>', help: 'the join token (printed by `stevedore up`)', parse: nonEmpty })),
  /** Required */
  caCertHash: required(
    optional({
      flag: '--ca-cert-hash <sha256:hex>',
      help: "the cluster CA's public-key hash: a server whose CA does not match is refused",
      parse: parseCaCertHash,
    }),
  ),
  /** @default false: a worker (a node agent only; the flags of `up` that are not the agent's are ignored) */
  controlPlane: flag({ flag: '--control-plane', help: 'join as a control plane with its own etcd member' }),
};

export const LEAVE_OPTIONS = {
  dataDir: withHelp(DATA_DIR_OPTION, "the leaving control plane's data dir"),
  /** @default false: only the etcd data is removed */
  purge: flag({ flag: '--purge', help: "also delete the rest of the host's data dir (as `stevedore down --purge`)" }),
};

export const REMOVE_OPTIONS = { dataDir: withHelp(DATA_DIR_OPTION, "a remaining control plane's data dir") };

/** What `up` prints below its join lines when other hosts can join. */
export function joinInstructions(join: Omit<JoinService, 'close'>): string {
  const common = `--server ${join.server} --ca-cert-hash ${join.caCertHash}`;
  return [
    '',
    'To add a control-plane host (its own etcd member, API and node), run on it:',
    `  stevedore join --control-plane ${common} --token ${join.token} --bind-address HOST_IP --node-ip HOST_IP --node-name HOST_NAME`,
    'To add a worker node, run on it:',
    `  stevedore join ${common} --token ${join.workerToken} --node-ip HOST_IP --node-name HOST_NAME`,
    '',
  ].join('\n');
}

export interface Servers {
  serveCluster(opts: UpOptions, cluster: RunningCluster): Promise<void>;
  serveAgent(config: AgentConfig): Promise<void>;
}

export function registerJoinCommands(program: Command, serve: Servers): void {
  addOptions(
    program
      .command('join')
      .description('add this host to a running cluster, as a worker or with --control-plane (run what `stevedore up` printed)'),
    JOIN_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const { joinServer, joinToken, caCertHash, controlPlane, ...up } = readOptions(cmd, JOIN_OPTIONS);
    const join = { server: joinServer!, token: joinToken!, caCertHash: caCertHash! };
    if (!controlPlane) {
      const { joinWorker } = await import('./join-worker');
      return serve.serveAgent(await joinWorker(up, join));
    }
    const { joinControlPlane } = await import('./join-flow');
    await serve.serveCluster(up, await joinControlPlane(up, join));
  });

  addOptions(
    program
      .command('leave')
      .description('take this control-plane host out of the cluster: stop it, remove its etcd member, delete its etcd data'),
    LEAVE_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const { dataDir, purge } = readOptions(cmd, LEAVE_OPTIONS);
    const { leaveCluster } = await import('./leave');
    for (const line of await leaveCluster(dataDir, purge)) process.stdout.write(`${line}\n`);
  });

  addOptions(
    program
      .command('remove-control-plane')
      .argument('<name>', "the lost control plane's etcd member (its node name)")
      .description("remove a lost control-plane host's etcd member, from a remaining control plane"),
    REMOVE_OPTIONS,
  ).action(async (name: string, _opts: unknown, cmd: Command) => {
    const { dataDir } = readOptions(cmd, REMOVE_OPTIONS);
    const { removeControlPlane } = await import('./leave');
    process.stdout.write(`${await removeControlPlane(dataDir, dnsSubdomain(name))}\n`);
  });
}
