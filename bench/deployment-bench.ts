// How users make pods: one Deployment of many replicas on the hollow-node cluster, so the pods
// come from the ReplicaSet controller inside the control plane rather than from API requests.
// From the Deployment's create until the watch shows all its pods Running, with the CPU each
// pod cost the machine and the control plane.
import type { ApiClient } from './api-client';
import { cpuMsPer, sampleCpu } from './cpu-usage';

export interface DeploymentResult {
  replicas: number;
  seconds: number;
  runningPerSecond: number;
  cpuMsPerPod: { machineMs: number; controlPlaneMs: number };
}

const LABEL = 'bench-deployment';

export async function measureDeployment(api: ApiClient, controlPlanePid: number, replicas: number): Promise<DeploymentResult> {
  const running = new Set<string>();
  let allRunning!: () => void;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    allRunning = resolve;
    timer = setTimeout(() => reject(new Error(`${replicas} replicas not Running after 15 min (${running.size} were)`)), 900_000);
  });
  const watch = await api.watch(`/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3D${LABEL}`, ({ object }) => {
    if (object?.status?.phase !== 'Running') return;
    running.add(object.metadata.name);
    if (running.size === replicas) allRunning();
  });
  try {
    const before = await sampleCpu([controlPlanePid]);
    const start = Date.now();
    const res = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment(replicas));
    if (res.status !== 201) throw new Error(`creating the Deployment: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    await done;
    const seconds = (Date.now() - start) / 1000;
    const cpu = cpuMsPer(before, await sampleCpu([controlPlanePid]), replicas);
    return {
      replicas,
      seconds: Math.round(seconds * 10) / 10,
      runningPerSecond: Math.round(replicas / seconds),
      cpuMsPerPod: { machineMs: cpu.machineMs, controlPlaneMs: cpu.processes.get(controlPlanePid)!.selfMs },
    };
  } finally {
    clearTimeout(timer);
    watch.close();
  }
}

function deployment(replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: LABEL },
    spec: {
      replicas,
      selector: { matchLabels: { app: LABEL } },
      template: {
        metadata: { labels: { app: LABEL } },
        spec: { containers: [{ name: 'main', image: 'bench.local/pause:1', imagePullPolicy: 'IfNotPresent' }] },
      },
    },
  };
}
