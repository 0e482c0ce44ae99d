// What `up` does differently on a host address, where other hosts reach it: its etcd member
// serves there and its control plane is given every member, and its join service admits more
// hosts. Also what `join --control-plane` hands `up` for a member that joins a running cluster.
import { logger } from '@stevedore/log';
import { type EtcdJoin, listMembers, type SupervisedEtcd } from '@stevedore/store';
import type { UpOptions } from '../cluster-options';
import type { WorkerCredentials } from './join-server';
import { type JoinService, startJoinService } from './join-service';

/** A control plane joining a running cluster: its etcd member's start, and the members there are. */
export interface ControlPlaneJoin {
  etcd: EtcdJoin;
  etcdEndpoints: string[];
}

/** An address other hosts can reach: etcd then serves its members there, and joins are taken. */
export const isHostAddress = (ip: string) => !/^127\./.test(ip) && ip !== '0.0.0.0' && ip !== '::1' && ip !== '::';

/** The other members' client URLs, so a restarted control-plane host is given all of them again. */
export async function otherMembers(etcd: SupervisedEtcd): Promise<string[]> {
  try {
    return (await listMembers([etcd.endpoint], etcd.tls)).flatMap((m) => m.clientUrls);
  } catch (err) {
    logger('etcd').warn(`cannot list the etcd members (${(err as Error).message}); the control plane uses ${etcd.endpoint} only`);
    return [];
  }
}

/** With an etcd member on a host address, and --join-port not 0. */
export async function startJoinServiceIfServing(
  opts: UpOptions,
  caCert: string,
  etcdEndpoints: string[],
  etcd: SupervisedEtcd | undefined,
  admitWorker: (node: string) => Promise<WorkerCredentials>,
): Promise<JoinService | undefined> {
  if (!etcd || !opts.joinPort || !isHostAddress(opts.bindAddress)) return undefined;
  const service = await startJoinService({
    dataDir: opts.dataDir,
    address: opts.bindAddress,
    port: opts.joinPort,
    caCert,
    etcdEndpoints,
    etcdTls: etcd.tls,
    admitWorker,
  });
  logger('join').info(`join service on ${service.server}`);
  return service;
}
