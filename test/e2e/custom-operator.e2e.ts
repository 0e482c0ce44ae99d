// An operator written with @kubernetes/client-node (test/e2e/support/widget-operator.mjs) runs
// against the all-in-one cluster: it watches a custom kind and writes its status subresource,
// and kubectl shows that status in the CRD's printer columns.

import { spawnTracked, stopProcess, waitFor } from '@stevedore/testing';
import * as path from 'path';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { applyManifest } from './support/cluster-with-images';

jest.setTimeout(120_000);

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.ops.example.com}
spec:
  group: ops.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Phase, type: string, jsonPath: .status.phase}
    - {name: Seen, type: integer, jsonPath: .status.observedGeneration}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties: {size: {type: integer, minimum: 1}}
          status:
            type: object
            properties:
              observedGeneration: {type: integer}
              phase: {type: string}
              size: {type: integer}
`;

describe('an operator written with @kubernetes/client-node', () => {
  let cluster: ClusterProcess | undefined;
  let operator: ReturnType<typeof spawnTracked> | undefined;
  let said = '';

  beforeAll(async () => {
    cluster = await startCluster({ insecureRegistry: '127.0.0.1:1' });
    expect((await applyManifest(cluster, 'crd', CRD)).code).toBe(0);
    await waitFor(async () => (await cluster!.kubectl('get', 'widgets')).code === 0 || undefined, { what: 'the Widget kind served' });
  });

  afterAll(async () => {
    if (operator) await stopProcess(operator, 2000);
    if (!cluster) return;
    await cluster.stop();
    expect((await cluster.destroy()).leftoverCgroups).toEqual([]);
  });

  it("watches its kind and writes the status subresource, which kubectl's columns show", async () => {
    operator = spawnTracked(process.execPath, [path.join(__dirname, 'support', 'widget-operator.mjs'), cluster!.kubeconfig, 'default']);
    operator.stdout!.on('data', (d) => (said += d));
    operator.stderr!.on('data', (d) => (said += d));
    await waitFor(async () => said.includes('SYNCED') || undefined, { what: `the operator to sync (it said: ${said})` });
    expect(
      (await applyManifest(cluster!, 'w1', 'apiVersion: ops.example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n')).code,
    ).toBe(0);
    const status = (w: string) =>
      cluster!.kubectl('get', 'widget', w, '-o', 'jsonpath={.status.phase} {.status.observedGeneration} {.status.size}');
    await waitFor(async () => (await status('w1')).stdout === 'Ready 1 3' || undefined, { what: `w1 reconciled (operator: ${said})` });

    // A spec change bumps the generation; the status write did not.
    expect((await cluster!.kubectl('patch', 'widget', 'w1', '--type', 'merge', '-p', '{"spec":{"size":5}}')).code).toBe(0);
    await waitFor(async () => (await status('w1')).stdout === 'Ready 2 5' || undefined, {
      what: `w1 reconciled again (operator: ${said})`,
    });
    const row = (await cluster!.kubectl('get', 'widget', 'w1', '--no-headers')).stdout.trim().split(/\s+/);
    expect(row.slice(0, 4)).toEqual(['w1', '5', 'Ready', '2']);
    expect(said).not.toContain('ERROR');
  });
});
