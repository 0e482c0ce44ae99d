// HorizontalPodAutoscaler on the all-in-one cluster with the real kubectl: a Deployment whose pods
// burn CPU far above their small request is scaled out to maxReplicas; once the burn stops (a
// file on a hostPath every pod watches) it is scaled back in. The agents sample CPU every 10 s,
// so each step takes one or two samples; the sync period and the scale-down window are short.

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

describe('HorizontalPodAutoscaler', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let flagDir: string;

  beforeAll(async () => {
    setup = await startClusterWithImages(['--horizontal-pod-autoscaler-sync-period', '2']);
    cluster = setup.cluster;
    flagDir = path.join(cluster.dataDir, 'burn-flag');
    await fs.mkdir(flagDir, { recursive: true });
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
  const replicas = async () => (await getJson('deployment', 'burn')).spec?.replicas as number | undefined;

  it('runs a Deployment whose pods burn CPU until a shared file appears', async () => {
    // About a tenth of a core in bursts, against a request of 10m: far above any target, yet light on the machine.
    const burn = 'while [ ! -f /flag/stop ]; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 0.2; done; exec sleep 3600';
    const applied = await applyManifest(
      cluster,
      'burn',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: burn}
spec:
  replicas: 1
  selector: {matchLabels: {app: burn}}
  template:
    metadata: {labels: {app: burn}}
    spec:
      terminationGracePeriodSeconds: 1
      volumes: [{name: flag, hostPath: {path: ${flagDir}, type: Directory}}]
      containers:
      - name: burn
        image: ${setup!.images.busybox}
        command: [sh, -c, '${burn}']
        resources: {requests: {cpu: 10m}}
        volumeMounts: [{name: flag, mountPath: /flag}]
`,
    );
    expect(applied.code).toBe(0);
    expect((await kubectl('rollout', 'status', 'deployment/burn', '--timeout=90s')).code).toBe(0);
  });

  it('refuses an invalid autoscaler with the fields at fault, storing nothing', async () => {
    const applied = await applyManifest(
      cluster,
      'bad-hpa',
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: bad}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: burn}
  minReplicas: 3
  maxReplicas: 2
  behavior: {scaleDown: {stabilizationWindowSeconds: 4000}}
`,
    );
    expect(applied.code).not.toBe(0);
    expect(applied.stderr).toContain('spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
    expect(applied.stderr).toContain(
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
    );
    expect((await kubectl('get', 'hpa', 'bad')).code).not.toBe(0);
  });

  it('autoscales it with kubectl autoscale and shows the target as kubectl get hpa does', async () => {
    const created = await kubectl('autoscale', 'deployment', 'burn', '--cpu-percent=50', '--min=1', '--max=3');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('horizontalpodautoscaler.autoscaling/burn autoscaled') });
    // A short scale-down window, so the test need not wait the default five minutes.
    const patched = await kubectl(
      'patch',
      'hpa',
      'burn',
      '--type',
      'merge',
      '-p',
      '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":10}}}}',
    );
    expect(patched.code).toBe(0);
    const hpa = await getJson('hpa', 'burn');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 10,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
    const table = (await kubectl('get', 'hpa')).stdout;
    expect(table).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\s*$/m);
    expect(table).toMatch(/^burn\s+Deployment\/burn\s+cpu: (<unknown>|\d+%)\/50%\s+1\s+3\s+\d+\s+\S+\s*$/m);
  });

  it('scales the Deployment out to maxReplicas while the pods burn', async () => {
    await waitFor(async () => (await replicas()) === 3, { what: 'the deployment scaled to 3', timeoutMs: 90_000, intervalMs: 1000 });
    const hpa = await getJson('hpa', 'burn');
    expect(hpa.status.lastScaleTime).toBeDefined();
    expect(hpa.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(50);
    const row = (await kubectl('get', 'hpa', 'burn', '--no-headers')).stdout;
    expect(row).toMatch(/^burn\s+Deployment\/burn\s+cpu: \d+%\/50%\s+1\s+3\s+\d\s+/);
    const events = (await kubectl('get', 'events', '--field-selector', 'reason=SuccessfulRescale', '-o', 'json')).stdout;
    expect(events).toMatch(/New size: 3; reason: cpu resource utilization \(percentage of request\) above target/);
  });

  it('scales it back in once the load stops', async () => {
    expect((await kubectl('rollout', 'status', 'deployment/burn', '--timeout=90s')).code).toBe(0);
    await fs.writeFile(path.join(flagDir, 'stop'), '');
    await waitFor(async () => (await replicas()) === 1, { what: 'the deployment scaled back to 1', timeoutMs: 120_000, intervalMs: 1000 });
    const hpa = await getJson('hpa', 'burn');
    expect(hpa.status.desiredReplicas).toBe(1);
    const conditions = Object.fromEntries(hpa.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status]));
    expect(conditions).toMatchObject({ AbleToScale: 'True', ScalingActive: 'True' });
    const events = (await kubectl('get', 'events', '--field-selector', 'reason=SuccessfulRescale', '-o', 'json')).stdout;
    expect(events).toMatch(/New size: 1; reason: All metrics below target/);
  });
});
