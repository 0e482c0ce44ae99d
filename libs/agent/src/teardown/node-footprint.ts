// What an agent puts on its host beyond its data dir (its bridge, its cgroup parent, the chains
// named after its node), recorded in the data dir when it starts, so `stevedore down` can remove
// them after a crash without being told the flags the agent ran with.
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as path from 'path';

export interface NodeFootprint {
  cgroupParent: string;
  nodeName?: string;
  bridge?: string;
  podCidr?: string;
}

const FILE = 'footprint.json';

/** Merges into what is recorded (the pod range is learnt later than the rest). */
export async function recordFootprint(agentDir: string, footprint: Partial<NodeFootprint>): Promise<void> {
  const current = await readFootprint(agentDir);
  await fs.writeFile(path.join(agentDir, FILE), `${JSON.stringify({ ...current, ...footprint }, null, 2)}\n`);
}

export async function readFootprint(agentDir: string): Promise<NodeFootprint | undefined> {
  const text = await ignoreMissing(fs.readFile(path.join(agentDir, FILE), 'utf8'));
  return text ? (JSON.parse(text) as NodeFootprint) : undefined;
}
