// `stevedore down`: everything an agent made on its host, removed in an order that lets each step
// succeed (containers before their mounts and cgroups, pods' namespaces before the bridge). Each
// step runs even when an earlier one failed; the failures are reported together at the end. Safe
// to run twice, and after a crash: what is already gone is skipped.
import { ignoreMissing } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import { netnsNameFor, PodNetwork, removeChains, serviceChainPrefix } from '@stevedore/network';
import { Cgroups, RuncRuntime, runCommand as run, unmount } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import { readFootprint } from './node-footprint';

const ROUTE_PROTOCOL = '67';

export interface TeardownReport {
  removed: string[];
  failures: string[];
}

type Step = (removed: string[]) => Promise<void>;

async function removeContainers(agentDir: string, cgroupParent: string, log: Logger, removed: string[]): Promise<void> {
  const root = path.join(agentDir, 'containers');
  if (!(await ignoreMissing(fs.stat(root)))) return;
  const runtime = await RuncRuntime.open({ root, cgroupParent, log });
  try {
    for (const c of await runtime.list()) {
      await runtime.remove(c.id, { force: true });
      removed.push(`container ${c.name} (${c.id.slice(0, 12)})`);
    }
  } finally {
    await runtime.close();
  }
}

async function mountsUnder(dir: string): Promise<string[]> {
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  const points = info.split('\n').map((l) => l.split(' ')[4] ?? '');
  return points.filter((m) => m === dir || m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}

/** Pods with an address leased by host-local IPAM (released by CNI DEL). */
async function leasedPods(agentDir: string): Promise<Set<string>> {
  const leases = path.join(agentDir, 'cni', 'stevedore');
  const files = ((await ignoreMissing(fs.readdir(leases))) ?? []).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f));
  return new Set(await Promise.all(files.map(async (f) => (await fs.readFile(path.join(leases, f), 'utf8')).split(/\s/)[0] ?? '')));
}

/** Every pod that may have a namespace: the leased ones and those with a folder. */
async function podUids(agentDir: string, leased: Set<string>): Promise<string[]> {
  const folders = (await ignoreMissing(fs.readdir(path.join(agentDir, 'pods')))) ?? [];
  return [...new Set([...leased, ...folders].filter(Boolean))];
}

async function netnsExists(name: string): Promise<boolean> {
  return !!(await ignoreMissing(fs.stat(path.join('/run/netns', name))));
}

async function ourRoutes(): Promise<string[]> {
  const { stdout } = await run('ip', ['-4', '-o', 'route', 'show', 'proto', ROUTE_PROTOCOL]);
  return stdout
    .split('\n')
    .map((l) => l.trim().split(' ')[0] ?? '')
    .filter(Boolean);
}

function steps(agentDir: string, log: Logger): Promise<Step[]> {
  return readFootprint(agentDir).then((fp) => {
    const cgroupParent = fp?.cgroupParent ?? 'stevedore';
    const network =
      fp?.bridge && fp.podCidr
        ? new PodNetwork({ podCidr: fp.podCidr, bridge: fp.bridge, stateDir: path.join(agentDir, 'cni') })
        : undefined;
    return [
      (removed) => removeContainers(agentDir, cgroupParent, log, removed),
      async (removed) => {
        const leased = await leasedPods(agentDir);
        for (const uid of await podUids(agentDir, leased)) {
          const name = netnsNameFor(uid);
          const present = await netnsExists(name);
          if (!present && !leased.has(uid)) continue;
          // CNI DEL also releases the address and the pod's host-port rules.
          if (network) await network.tearDown(uid);
          else if (present) await run('ip', ['netns', 'delete', name]);
          removed.push(present ? `network namespace ${name}` : `address of pod ${uid}`);
        }
      },
      async (removed) => {
        for (const mount of await mountsUnder(agentDir)) {
          await unmount(mount, true);
          removed.push(`mount ${mount}`);
        }
      },
      async (removed) => {
        if (!fp?.bridge || !(await ignoreMissing(fs.stat(`/sys/class/net/${fp.bridge}`)))) return;
        await run('ip', ['link', 'delete', fp.bridge]);
        removed.push(`bridge ${fp.bridge}`);
      },
      async (removed) => {
        if (!fp?.bridge) return;
        for (const cidr of await ourRoutes()) {
          await run('ip', ['route', 'del', cidr, 'proto', ROUTE_PROTOCOL]);
          removed.push(`route to ${cidr}`);
        }
      },
      async (removed) => {
        if (!fp?.nodeName) return;
        const prefix = serviceChainPrefix(fp.nodeName);
        // Service rules live in nat, NetworkPolicy and firewall rules in filter.
        const tables = await Promise.all(['nat', 'filter'].map((t) => run('iptables', ['-t', t, '-S'])));
        if (!tables.some(({ stdout }) => stdout.includes(prefix))) return;
        await removeChains(prefix);
        removed.push(`iptables chains ${prefix}*`);
      },
      async (removed) => {
        const cgroups = await Cgroups.detect();
        const dirs = (await cgroups.directories(cgroupParent)).filter((d) => !!d);
        const present = (await Promise.all(dirs.map((d) => ignoreMissing(fs.stat(d))))).some(Boolean);
        if (!present) return;
        await cgroups.remove(cgroupParent);
        removed.push(`cgroup ${cgroupParent}`);
      },
    ];
  });
}

export async function tearDownNode(agentDir: string, log: Logger): Promise<TeardownReport> {
  const report: TeardownReport = { removed: [], failures: [] };
  for (const step of await steps(agentDir, log)) {
    await step(report.removed).catch((err: Error) => report.failures.push(err.message));
  }
  return report;
}
