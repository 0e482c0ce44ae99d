// Manifests that use Kubernetes 1.32 fields nobody listed by hand, applied with the real kubectl:
// accepted unchanged, read back unchanged, explained by `kubectl explain`, and still refused
// when a field is unknown.

import type { TestImages } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

/** A Deployment in the style of a monitoring exporter's manifest, with the fields that were refused before. */
function exporterManifest(image: string): Record<string, unknown> {
  const labels = { 'app.kubernetes.io/name': 'exporter' };
  const probe = (path: string) => ({ httpGet: { path, port: 8080 }, initialDelaySeconds: 5, timeoutSeconds: 5 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'exporter', namespace: 'default', labels },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: true,
          securityContext: {
            fsGroup: 65534,
            runAsGroup: 65534,
            runAsNonRoot: true,
            runAsUser: 65534,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels },
            },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } } },
              ],
            },
          },
          containers: [
            {
              name: 'exporter',
              image,
              args: ['--port=8080'],
              ports: [{ containerPort: 8080, name: 'http-metrics' }],
              livenessProbe: probe('/livez'),
              readinessProbe: probe('/readyz'),
              startupProbe: { grpc: { port: 8081 }, failureThreshold: 30, periodSeconds: 2 },
              lifecycle: { preStop: { sleep: { seconds: 2 } }, postStart: { exec: { command: ['true'] } } },
              resources: { limits: { cpu: 1, memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'token', mountPath: '/var/run/token', readOnly: true }],
            },
          ],
          volumes: [
            {
              name: 'token',
              projected: {
                sources: [
                  { serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'api' } },
                  { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
                ],
              },
            },
          ],
        },
      },
    },
  };
}

describe('manifests with any Kubernetes 1.32 field', () => {
  let setup: ClusterWithImages | undefined;
  let images: TestImages;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    ({ images, cluster } = setup);
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const applyJson = (name: string, object: unknown) => applyManifest(cluster, name, JSON.stringify(object));

  it('applies them unchanged and reads every field back', async () => {
    const manifest = exporterManifest(images.busybox);
    const applied = await applyJson('exporter', manifest);
    expect(applied).toMatchObject({ code: 0, stdout: 'deployment.apps/exporter created\n' });
    const stored = JSON.parse((await cluster.kubectl('get', 'deployment', 'exporter', '-o', 'json')).stdout);
    const want = (manifest.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(stored.spec.template.spec).toMatchObject(want);
    expect((await applyJson('exporter', manifest)).stdout).toBe('deployment.apps/exporter unchanged\n');
  });

  it("explains fields from Kubernetes' own descriptions", async () => {
    const explained = await cluster.kubectl('explain', 'pods.spec.securityContext.seccompProfile.type');
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/FIELD: type <string>/);
    expect(explained.stdout).toMatch(/RuntimeDefault/);
  });

  it('still refuses an unknown field, naming it, and stores nothing', async () => {
    const manifest = exporterManifest(images.busybox) as {
      metadata: { name: string };
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    manifest.metadata.name = 'typo';
    manifest.spec.template.spec.containers[0]!.imagePullPolicyy = 'Always';
    const result = await applyJson('typo', manifest);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"');
    expect((await cluster.kubectl('get', 'deployment', 'typo')).code).not.toBe(0);
  });
});
