// A control-plane host joining a running cluster, as kubeadm's `join --control-plane`: the CA
// pinned by its hash, the shared PKI and an etcd member certificate fetched with the join token,
// its member added to etcd as a learner (MemberAdd), etcd started with
// --initial-cluster-state existing and promoted once caught up (MemberPromote), then the control
// plane and node of `up` against every member.
import { pathExists } from '@stevedore/files';
import { logger } from '@stevedore/log';
import { addLearner, HOST_MEMBER_PORTS, promoteWhenCaughtUp, removeMember } from '@stevedore/store';
import * as path from 'path';
import type { UpOptions } from '../cluster-options';
import { embeddedEtcdClientTls } from '../etcd-endpoint-file';
import { type RunningCluster, startAllInOne } from '../up';
import { isHostAddress } from './control-plane-host';
import { writeJoinBundle } from './join-bundle';
import { discoverClusterCa, fetchControlPlaneBundle } from './join-client';
import type { JoinInfo } from './join-service';

export async function joinControlPlane(opts: UpOptions, join: JoinInfo): Promise<RunningCluster> {
  const log = logger('join');
  if (!isHostAddress(opts.bindAddress)) throw new Error('--bind-address must be an address the other control planes reach (not loopback)');
  if (opts.etcdEndpoints.length) throw new Error('a joining control plane runs its own etcd member: leave out --etcd-endpoints');
  if (await pathExists(path.join(opts.dataDir, 'etcd', 'member')))
    throw new Error(`${opts.dataDir} already holds an etcd member: start it with \`stevedore up\`, or \`stevedore leave\` it first`);
  const caCert = await discoverClusterCa(join.server, join.caCertHash);
  const bundle = await fetchControlPlaneBundle(join.server, caCert, join.token, { name: opts.nodeName, address: opts.bindAddress });
  await writeJoinBundle(opts.dataDir, bundle);
  log.info(`credentials from ${join.server} written; adding etcd member ${opts.nodeName}`);
  const tls = embeddedEtcdClientTls(opts.dataDir);
  const peerUrl = `https://${opts.bindAddress}:${HOST_MEMBER_PORTS.peer}`;
  const { member, initialCluster } = await addLearner(bundle.etcdEndpoints, tls, opts.nodeName, peerUrl);
  try {
    return await startAllInOne(opts, {
      etcdEndpoints: bundle.etcdEndpoints,
      etcd: {
        initialCluster,
        started: async () => {
          await promoteWhenCaughtUp(bundle.etcdEndpoints, tls, member.id, log);
          log.info(`etcd member ${opts.nodeName} (${member.id}) promoted to a voting member`);
        },
      },
    });
  } catch (err) {
    // A member that never ran must not stay in the cluster: once promoted it counts toward quorum.
    await removeMember(bundle.etcdEndpoints, tls, member.id).then(
      () => log.warn(`joining failed; etcd member ${member.id} removed again`),
      (removeErr: Error) => log.error(`joining failed, and removing etcd member ${member.id} failed too: ${removeErr.message}`),
    );
    throw err;
  }
}
