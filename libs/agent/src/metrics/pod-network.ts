// A pod's network counters, read from /proc/PID/net/dev of one of its containers (all of a
// pod's containers share its network namespace), as cAdvisor reports them for the pod. Pods on
// the host's network are skipped: their counters would be the node's.

import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';

export interface InterfaceStats {
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/** Every interface but loopback from a /proc/net/dev text. */
export function parseNetDev(text: string): InterfaceStats[] {
  return text
    .split('\n')
    .slice(2)
    .flatMap((line) => {
      const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
      if (!m || m[1] === 'lo') return [];
      const f = m[2]!.trim().split(/\s+/).map(Number);
      return [
        {
          name: m[1]!,
          rxBytes: f[0]!,
          rxPackets: f[1]!,
          rxErrors: f[2]!,
          rxDropped: f[3]!,
          txBytes: f[8]!,
          txPackets: f[9]!,
          txErrors: f[10]!,
          txDropped: f[11]!,
        },
      ];
    });
}

/** The interfaces of the process's network namespace; undefined when it has exited (or shares ours). */
export async function readPodNetwork(pid: number, procRoot = '/proc'): Promise<InterfaceStats[] | undefined> {
  const [theirs, ours] = await Promise.all([
    ignoreMissing(fs.readlink(`${procRoot}/${pid}/ns/net`)),
    fs.readlink(`${procRoot}/self/ns/net`),
  ]);
  if (!theirs || theirs === ours) return undefined;
  const netDev = await ignoreMissing(fs.readFile(`${procRoot}/${pid}/net/dev`, 'utf8'));
  return netDev === undefined ? undefined : parseNetDev(netDev);
}
