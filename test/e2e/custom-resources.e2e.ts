// CustomResourceDefinitions with the real kubectl: a CronTab kind defined at run time is served
// (discovery, OpenAPI for kubectl explain, get/list/patch), its objects are checked against the
// version's schema, and a second definition claiming the same kind is refused its names.

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the cron tab runs and when.
            properties:
              cronSpec: {type: string, description: The schedule in cron format.}
              image: {type: string}
              replicas: {type: integer}
          status:
            type: object
            properties:
              replicas: {type: integer}
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;

/** A definition of Gateway API HTTPRoute's size (~430 KB): many described properties. */
function bigDefinition(): string {
  const description = 'A field of a large generated schema, described at length as real ones are. '.repeat(4);
  const properties = Object.fromEntries(
    Array.from({ length: 1200 }, (_, i) => [`field${i}`, { type: 'string', description, maxLength: 253 }]),
  );
  return JSON.stringify({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'bigroutes.gateway.example.com' },
    spec: {
      group: 'gateway.example.com',
      scope: 'Namespaced',
      names: { plural: 'bigroutes', kind: 'BigRoute' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } } },
        },
      ],
    },
  });
}

const crontab = (name: string, spec: string) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: ${name}}
spec: ${spec}
`;

describe('CustomResourceDefinitions', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = (name: string, yaml: string) => applyManifest(cluster, name, yaml);
  const succeeds = async (run: Promise<{ code: number; stderr: string }>) => {
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  };

  it('establishes a definition and lists it with kubectl get crd', async () => {
    await succeeds(apply('crontab-crd', CRONTAB_CRD));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=30s'));
    const out = (await kubectl('get', 'crd')).stdout;
    expect(out).toMatch(/^NAME\s+CREATED AT\s*$/m);
    expect(out).toMatch(/^crontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT/m);
  });

  it('creates, lists, patches and gets custom objects', async () => {
    await succeeds(apply('my-crontab', crontab('my-crontab', '{cronSpec: "* * * * */5", image: my-cron-image, replicas: 1}')));
    await waitFor(async () => (await kubectl('get', 'ct')).stdout.includes('my-crontab'), {
      timeoutMs: 10_000,
      what: 'the custom object or condition',
    });
    const table = (await kubectl('get', 'crontabs')).stdout;
    expect(table).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE\s*$/m);
    expect(table).toMatch(/^my-crontab\s+\* \* \* \* \*\/5\s+1\s+\S+\s*$/m);
    await succeeds(kubectl('patch', 'crontab', 'my-crontab', '--type=merge', '-p', '{"spec":{"replicas":3}}'));
    const got = JSON.parse((await kubectl('get', 'crontab', 'my-crontab', '-o', 'json')).stdout);
    expect(got).toMatchObject({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', spec: { replicas: 3, image: 'my-cron-image' } });
  });

  it('writes status only through the status subresource', async () => {
    await succeeds(kubectl('patch', 'crontab', 'my-crontab', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2}}'));
    await succeeds(kubectl('patch', 'crontab', 'my-crontab', '--type=merge', '-p', '{"status":{"replicas":5},"spec":{"image":"other"}}'));
    const got = JSON.parse((await kubectl('get', 'crontab', 'my-crontab', '-o', 'json')).stdout);
    expect(got).toMatchObject({ spec: { image: 'other' }, status: { replicas: 2 } });
  });

  it('explains the custom kind from its schema', async () => {
    const out = (await kubectl('explain', 'crontab.spec')).stdout;
    expect(out).toContain('What the cron tab runs and when.');
    expect(out).toMatch(/cronSpec\s+<string>/);
  });

  it('refuses an object of the wrong type with a field path', async () => {
    const refused = await apply('bad-crontab', crontab('bad-crontab', '{replicas: "three"}'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.replicas');
    expect((await kubectl('get', 'crontab', 'bad-crontab')).code).not.toBe(0);
  });

  it('refuses the names of a second definition of the same kind', async () => {
    const clash = CRONTAB_CRD.replace('crontabs.stable.example.com', 'crontabz.stable.example.com')
      .replace('plural: crontabs', 'plural: crontabz')
      .replace('singular: crontab,', 'singular: crontabz,')
      .replace('shortNames: [ct]', 'shortNames: [ctz]');
    await succeeds(apply('clash-crd', clash));
    await waitFor(
      async () =>
        (
          await kubectl(
            'get',
            'crd',
            'crontabz.stable.example.com',
            '-o',
            'jsonpath={.status.conditions[?(@.type=="NamesAccepted")].reason}',
          )
        ).stdout === 'KindConflict',
      { timeoutMs: 10_000, what: 'the custom object or condition' },
    );
  });

  it('refuses an invalid definition with field paths', async () => {
    const bad = CRONTAB_CRD.replace('name: crontabs.stable.example.com', 'name: wrong.stable.example.com');
    const refused = await apply('bad-crd', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('metadata.name: Invalid value: "wrong.stable.example.com": must be spec.names.plural+"."+spec.group');
  });

  it('deletes a definition with its objects', async () => {
    await succeeds(kubectl('delete', 'crd', 'crontabs.stable.example.com', '--timeout=60s'));
    expect((await kubectl('get', 'crd', 'crontabs.stable.example.com')).code).not.toBe(0);
    // Defined again, the kind starts empty: the old objects went with the definition.
    await succeeds(kubectl('delete', 'crd', 'crontabz.stable.example.com', '--timeout=60s'));
    await succeeds(apply('crontab-crd-again', CRONTAB_CRD));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=30s'));
    const listed = await kubectl('get', 'crontabs', '-A', '-o', 'name');
    expect({ code: listed.code, stdout: listed.stdout }).toEqual({ code: 0, stdout: '' });
  });

  it('stores a definition of several hundred kilobytes', async () => {
    const big = bigDefinition();
    expect(big.length).toBeGreaterThan(400_000);
    // Kubernetes refuses client-side apply of such a definition (its last-applied annotation passes
    // the 256 KiB annotation limit), so users create it (or apply server-side): done so here too.
    const file = path.join(cluster.dataDir, 'manifests', 'big-crd.json');
    await fs.writeFile(file, big);
    await succeeds(kubectl('create', '-f', file));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/bigroutes.gateway.example.com', '--timeout=30s'));
    await succeeds(apply('big-route', 'apiVersion: gateway.example.com/v1\nkind: BigRoute\nmetadata: {name: r}\nspec: {field1199: ok}\n'));
  });
});
