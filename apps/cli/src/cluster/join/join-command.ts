// `stevedore join --control-plane` (a new control-plane host: etcd member, API, node) and
// `stevedore leave` / `stevedore remove-control-plane NAME` (taking one out of etcd again).
// The etcd client is loaded only when one of them runs.
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
import type { JoinInfo } from './join-service';

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
  /** @default false: refused (workers join with `stevedore agent`) */
  controlPlane: flag({ flag: '--control-plane', help: 'join as a control plane with its own etcd member' }),
};

export const LEAVE_OPTIONS = {
  dataDir: withHelp(DATA_DIR_OPTION, "the leaving control plane's data dir"),
  /** @default false: only the etcd data is removed */
  purge: flag({ flag: '--purge', help: "also delete the rest of the host's data dir (as `stevedore down --purge`)" }),
};

export const REMOVE_OPTIONS = { dataDir: withHelp(DATA_DIR_OPTION, "a remaining control plane's data dir") };

/** What `up` prints below its join lines when other hosts can join. */
export function joinInstructions(join: JoinInfo, dataDir: string): string {
  return [
    '',
    'To add a control-plane host (its own etcd member, API and node), run on it:',
    `  stevedore join --control-plane --server ${join.server} --token ${join.token} --ca-cert-hash ${join.caCertHash} \\`,
    '    --bind-address HOST_IP --node-ip HOST_IP --node-name HOST_NAME',
    'To add a worker, run on it the `join NAME:` line above for its name (`stevedore up --node NAME` prints one per node):',
    `  stevedore agent --server SERVER --token NODE_TOKEN --ca-file ${dataDir}/ca.crt --node-name NAME`,
    '',
  ].join('\n');
}

export function registerJoinCommands(program: Command, serve: (opts: UpOptions, cluster: RunningCluster) => Promise<void>): void {
  addOptions(
    program.command('join').description("add this host to a running cluster as a control plane (run `stevedore up`'s printed command)"),
    JOIN_OPTIONS,
  ).action(async (_opts: unknown, cmd: Command) => {
    const { joinServer, joinToken, caCertHash, controlPlane, ...up } = readOptions(cmd, JOIN_OPTIONS);
    if (!controlPlane) throw new Error('only --control-plane hosts join this way; a worker runs the `stevedore agent …` line `up` printed');
    const { joinControlPlane } = await import('./join-flow');
    await serve(up, await joinControlPlane(up, { server: joinServer!, token: joinToken!, caCertHash: caCertHash! }));
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
