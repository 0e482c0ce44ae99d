// Simulated hosts on one machine: each host is a network namespace with one veth into a bridge
// in the root namespace. Hosts get 198.18.0.(10+i)/16; the root namespace is 198.18.0.1 on the
// bridge, so a registry bound there is reachable from every host (and kubeconfigs from root).
import { execFile } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

export const ROOT_ADDRESS = '198.18.0.1';
const PREFIX = 16;

export interface SimulatedHost {
  name: string;
  netns: string;
  ip: string;
  /** The root-namespace end of the host's veth. */
  veth: string;
}

export const bridgeName = (id: string) => `stvh${id}`;

export function hostFor(id: string, index: number): SimulatedHost {
  return { name: `host-${index}`, netns: `stvh-${id}-${index}`, ip: `198.18.0.${10 + index}`, veth: `stvh${id}v${index}` };
}

/** The root bridge; refuses to start a second simulated network on the same addresses. */
export async function createRootBridge(id: string): Promise<void> {
  const { stdout } = await run('ip', ['-o', '-4', 'addr', 'show', 'to', `${ROOT_ADDRESS}/32`]);
  if (stdout.trim())
    throw new Error(
      `${ROOT_ADDRESS} is already in use (${stdout.trim().split(/\s+/)[1]}): another multi-host cluster is up; take it down first`,
    );
  const bridge = bridgeName(id);
  await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${ROOT_ADDRESS}/${PREFIX}`, 'dev', bridge]);
  await run('ip', ['link', 'set', bridge, 'up']);
}

export async function createHost(id: string, host: SimulatedHost): Promise<void> {
  await run('ip', ['netns', 'add', host.netns]);
  await run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
  await run('ip', ['link', 'set', host.veth, 'master', bridgeName(id), 'up']);
  await run('ip', ['-n', host.netns, 'addr', 'add', `${host.ip}/${PREFIX}`, 'dev', 'eth0']);
  await run('ip', ['-n', host.netns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up']);
  // Hosts forward pod traffic between their pod bridge and the host link.
  await run('ip', ['netns', 'exec', host.netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
}

/** Cuts (or restores) the host's link: a partition, where packets vanish without any reset. */
export async function setLink(host: SimulatedHost, up: boolean): Promise<void> {
  await run('ip', ['link', 'set', host.veth, up ? 'up' : 'down']);
}

/** PIDs of every process still inside the host's network namespace. */
export async function processesIn(host: SimulatedHost): Promise<number[]> {
  const { stdout } = await run('ip', ['netns', 'pids', host.netns]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean).map(Number);
}

/** Deleting the namespace also removes both ends of its veth. */
export async function deleteHost(host: SimulatedHost): Promise<void> {
  await run('ip', ['netns', 'delete', host.netns]).catch(() => undefined);
  await run('ip', ['link', 'delete', host.veth]).catch(() => undefined);
}

export async function deleteRootBridge(id: string): Promise<void> {
  await run('ip', ['link', 'delete', bridgeName(id)]).catch(() => undefined);
}

/** The command line that runs a program inside the host's network namespace (same mounts). */
export function inHost(host: SimulatedHost, command: string[]): string[] {
  return ['nsenter', `--net=/run/netns/${host.netns}`, ...command];
}
