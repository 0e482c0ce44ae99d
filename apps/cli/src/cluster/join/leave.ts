// Taking a control-plane host out of the cluster, with etcd's MemberRemove: `leave` on the host
// itself (it is stopped first, so its member is not removed under a running etcd, then its etcd
// data is deleted: a removed member can never start again on it), or `remove-control-plane NAME`
// on a remaining host when that one is lost for good.
import { logger } from '@stevedore/log';
import { type EtcdMember, listMembers, removeMember } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as path from 'path';
import { down } from '../down';
import { embeddedEtcdClientTls, readEtcdEndpoint } from '../etcd-endpoint-file';

/** This host's member and the others', found through the host's running etcd. */
async function membership(dataDir: string): Promise<{ self: EtcdMember; others: EtcdMember[] }> {
  const endpoint = await readEtcdEndpoint(dataDir);
  if (!endpoint)
    throw new Error(
      `no etcd is running for ${dataDir}: start it with \`stevedore up\` first, or remove its member from another control plane (stevedore remove-control-plane NAME)`,
    );
  const members = await listMembers([endpoint], embeddedEtcdClientTls(dataDir));
  const self = members.find((m) => m.clientUrls.includes(endpoint));
  if (!self) throw new Error(`no etcd member serves ${endpoint}`);
  return { self, others: members.filter((m) => m.id !== self.id) };
}

export async function leaveCluster(dataDir: string, purge: boolean): Promise<string[]> {
  const { self, others } = await membership(dataDir);
  const endpoints = others.filter((m) => !m.isLearner).flatMap((m) => m.clientUrls);
  if (!endpoints.length) throw new Error(`${self.name} is the cluster's only etcd member: stop it with \`stevedore down\` instead`);
  // The credentials are read before `down --purge` could delete them.
  const tls = embeddedEtcdClientTls(dataDir);
  const scratch = await fs.mkdtemp(path.join(path.dirname(path.resolve(dataDir)), '.leave-'));
  try {
    const kept = {
      caFile: path.join(scratch, 'ca.crt'),
      certFile: path.join(scratch, 'client.crt'),
      keyFile: path.join(scratch, 'client.key'),
    };
    await fs.copyFile(tls.caFile, kept.caFile);
    await fs.copyFile(tls.certFile, kept.certFile);
    await fs.copyFile(tls.keyFile, kept.keyFile);
    const report = await down(dataDir, false, logger('leave'));
    if (report.failures.length) throw new Error(`stopping this host failed: ${report.failures.join('; ')}`);
    await removeMember(endpoints, kept, self.id);
    await fs.rm(path.join(dataDir, 'etcd'), { recursive: true, force: true });
    if (purge) await fs.rm(dataDir, { recursive: true, force: true });
    return [
      ...report.removed.map((item) => `removed ${item}`),
      `removed etcd member ${self.name} (${self.id}); ${others.length} member(s) left`,
      purge ? `removed data directory ${dataDir}` : `removed ${path.join(dataDir, 'etcd')}`,
      `Its Node stays in the API until deleted: kubectl delete node ${self.name}`,
    ];
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

export async function removeControlPlane(dataDir: string, name: string): Promise<string> {
  const { self, others } = await membership(dataDir);
  if (self.name === name) throw new Error(`${name} is this host's own member: run \`stevedore leave\` on it instead`);
  const removed = await removeMember(
    [self, ...others.filter((m) => m.name !== name)].flatMap((m) => m.clientUrls),
    embeddedEtcdClientTls(dataDir),
    name,
  );
  return `removed etcd member ${removed.name} (${removed.id}); ${others.length} member(s) left`;
}
