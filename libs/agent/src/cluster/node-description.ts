// The Node object an agent registers: identity labels, addresses, capacity from the host, and
// the versions `kubectl get nodes -o wide` and `describe node` show.

import { VOLUME_ANNOTATIONS } from '@stevedore/api';
import { ignoreMissing } from '@stevedore/files';
import { promises as fs } from 'fs';
import * as os from 'os';

export interface NodeFacts {
  name: string;
  hostIP: string;
  runtimeVersion: string;
  labels?: Record<string, string>;
  /** The data directory's file system is nearly full (see DiskPressureMonitor). */
  diskPressure?: boolean;
  /** Where this node keeps local-path volumes (published on the Node for the provisioner). */
  volumeDir?: string;
  maxPods?: number;
  /** Memory and CPU held back for the system (Kubernetes' system-reserved). */
  reserved?: { milliCpu: number; memoryBytes: number };
}

export const AGENT_VERSION = 'v1.32.0-stevedore';

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** An optional host file (containers and minimal hosts may lack /etc/machine-id), empty when absent. */
async function readTrimmed(file: string): Promise<string> {
  return ((await ignoreMissing(fs.readFile(file, 'utf8'))) ?? '').trim();
}

async function osImage(): Promise<string> {
  const text = await readTrimmed('/etc/os-release');
  return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? 'Linux';
}

/** The conditions an agent reports; only DiskPressure varies (Ready is the session's to lose). */
export function nodeConditions(diskPressure: boolean): Record<string, string>[] {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'agent has sufficient memory available'),
    diskPressure
      ? condition('DiskPressure', 'True', 'KubeletHasDiskPressure', 'agent has disk pressure')
      : condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'agent has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'agent has sufficient PID available'),
    condition('Ready', 'True', 'KubeletReady', 'stevedore agent is posting ready status'),
  ];
}

export async function describeNode(facts: NodeFacts): Promise<Record<string, any>> {
  const arch = ARCH[process.arch] ?? process.arch;
  const cpus = os.cpus().length;
  const memory = os.totalmem();
  const reserved = facts.reserved ?? { milliCpu: 0, memoryBytes: 0 };
  const pods = String(facts.maxPods ?? 110);
  return {
    metadata: {
      name: facts.name,
      labels: {
        'kubernetes.io/hostname': facts.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': arch,
        ...facts.labels,
      },
      ...(facts.volumeDir ? { annotations: { [VOLUME_ANNOTATIONS.localVolumeDir]: facts.volumeDir } } : {}),
    },
    spec: {},
    status: {
      capacity: { cpu: String(cpus), memory: `${Math.floor(memory / 1024)}Ki`, pods },
      allocatable: {
        cpu: `${cpus * 1000 - reserved.milliCpu}m`,
        memory: `${Math.floor((memory - reserved.memoryBytes) / 1024)}Ki`,
        pods,
      },
      conditions: nodeConditions(!!facts.diskPressure),
      addresses: [
        { type: 'InternalIP', address: facts.hostIP },
        { type: 'Hostname', address: facts.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: await readTrimmed('/etc/machine-id'),
        systemUUID: await readTrimmed('/etc/machine-id'),
        bootID: await readTrimmed('/proc/sys/kernel/random/boot_id'),
        kernelVersion: os.release(),
        osImage: await osImage(),
        containerRuntimeVersion: `runc://${facts.runtimeVersion}`,
        kubeletVersion: AGENT_VERSION,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: arch,
      },
    },
  };
}

/** The host's address other nodes reach it by: the first non-internal IPv4, else loopback. */
export function defaultHostIP(): string {
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    if (name.startsWith('stvd') || name.startsWith('veth')) continue;
    const v4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return '127.0.0.1';
}
