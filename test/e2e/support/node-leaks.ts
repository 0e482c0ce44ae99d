// What a node agent leaves behind, read from its data dir and the host: for the fault-injection
// suite's counts (half-made folders, leaked mounts, cgroups and network namespaces, and
// containers running twice for one pod).
import { netnsNameFor } from '@stevedore/network';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { cgroupDirs, mountsUnder } from './busybox-rootfs';
import { podUidsIn } from './cluster-process';

const run = promisify(execFile);
const ID = /^[0-9a-f]{64}$/;

interface Meta {
  id: string;
  spec: { labels?: Record<string, string> };
  finishedAt?: string;
  pid?: number;
}

export interface NodeLeaks {
  /** Container folders without meta.json (a create that never finished). */
  halfMade: string[];
  /** Mounts under the agent's containers folder that belong to no container. */
  mounts: string[];
  /** Container cgroups that belong to no container. */
  cgroups: string[];
  /** Network namespaces of pods that no longer exist. */
  netns: string[];
  /** Pods' containers (uid/name) with more than one running process. */
  runningTwice: string[];
  /** Running containers, for the report. */
  running: number;
}

const alive = (pid?: number) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function containerMetas(root: string): Promise<{ metas: Meta[]; halfMade: string[] }> {
  const ids = (await fs.readdir(root).catch(() => [] as string[])).filter((e) => ID.test(e));
  const metas: Meta[] = [];
  const halfMade: string[] = [];
  for (const id of ids) {
    const text = await fs.readFile(path.join(root, id, 'meta.json'), 'utf8').catch(() => undefined);
    if (text) metas.push(JSON.parse(text) as Meta);
    else halfMade.push(id);
  }
  return { metas, halfMade };
}

/** Counts what the agent at agentDir leaves behind; `podUids` are the pods that exist. */
export async function nodeLeaks(agentDir: string, cgroupParent: string, podUids: string[]): Promise<NodeLeaks> {
  const root = path.join(agentDir, 'containers');
  const { metas, halfMade } = await containerMetas(root);
  const known = new Set(metas.map((m) => m.id));
  const mounts = (await mountsUnder(root)).filter((m) => !known.has(path.relative(root, m).split(path.sep)[0]!));
  const cgroups: string[] = [];
  for (const parent of await cgroupDirs(cgroupParent)) {
    for (const entry of await fs.readdir(parent).catch(() => [] as string[])) {
      if (ID.test(entry) && !known.has(entry)) cgroups.push(path.join(parent, entry));
    }
  }
  const wanted = new Set(podUids.map(netnsNameFor));
  // This agent's pods, past and present (its IPAM leases and pod folders): other clusters run beside it.
  const ours = new Set((await podUidsIn(agentDir)).map(netnsNameFor));
  const { stdout } = await run('ip', ['netns', 'list']);
  const netns = stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => ours.has(n) && !wanted.has(n));
  const runningBy = new Map<string, number>();
  const live = metas.filter((m) => !m.finishedAt && alive(m.pid));
  for (const m of live) {
    const key = `${m.spec.labels?.['io.stevedore.pod.uid']}/${m.spec.labels?.['io.stevedore.container.name']}`;
    runningBy.set(key, (runningBy.get(key) ?? 0) + 1);
  }
  const runningTwice = [...runningBy].filter(([, n]) => n > 1).map(([key]) => key);
  return { halfMade, mounts, cgroups, netns, runningTwice, running: live.length };
}

/** The containers running on the node at agentDir, by pod UID and container name. */
export async function runningContainers(agentDir: string): Promise<{ podUid: string; container: string }[]> {
  const { metas } = await containerMetas(path.join(agentDir, 'containers'));
  return metas
    .filter((m) => !m.finishedAt && alive(m.pid))
    .map((m) => ({
      podUid: m.spec.labels?.['io.stevedore.pod.uid'] ?? '',
      container: m.spec.labels?.['io.stevedore.container.name'] ?? '',
    }));
}
