// CustomResourceDefinitions with the real kubectl: a CronTab kind defined at run time is served
// (discovery, OpenAPI for kubectl explain, get/list/patch), its objects are checked against the
// version's schema (defaults, pruning, CEL rules, /scale), and a second definition claiming the same kind is refused its names.

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { clusterForSuite } from './support/cluster-with-images';

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

/** A kind with defaults, a pattern, a format, CEL rules (one a transition rule) and /scale. */
const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.schema.example.com}
spec:
  group: schema.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - {rule: "self.mode != 'Slow' || self.replicas <= 3", message: slow widgets run at most 3 replicas, fieldPath: .replicas}
            properties:
              replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
              mode: {type: string, enum: [Fast, Slow], default: Fast}
              name: {type: string, pattern: '^[a-z][a-z0-9-]*$', maxLength: 20}
              contact: {type: string, format: email}
              image:
                type: string
                x-kubernetes-validations: [{rule: self == oldSelf, message: image is immutable}]
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
`;

const widget = (name: string, spec: string) => `apiVersion: schema.example.com/v1
kind: Widget
metadata: {name: ${name}}
spec: ${spec}
`;

const crontab = (name: string, spec: string) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: ${name}}
spec: ${spec}
`;

describe('CustomResourceDefinitions', () => {
  const suite = clusterForSuite();
  const { kubectl, apply, succeeds } = suite;

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

  it('defaults and prunes custom objects, warning of unknown fields or refusing them', async () => {
    await succeeds(apply('widget-crd', WIDGET_CRD));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/widgets.schema.example.com', '--timeout=30s'));
    const strict = await apply('w1-strict', widget('w1', '{name: w-one, image: img:1, bogus: 1}'));
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('unknown field "spec.bogus"');
    const file = path.join(suite.cluster.dataDir, 'manifests', 'w1.yaml');
    await fs.writeFile(file, widget('w1', '{name: w-one, image: img:1, bogus: 1}'));
    const warned = await kubectl('apply', '--validate=warn', '-f', file);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('unknown field "spec.bogus"');
    const got = JSON.parse((await kubectl('get', 'widget', 'w1', '-o', 'json')).stdout);
    expect(got.spec).toEqual({ name: 'w-one', image: 'img:1', replicas: 1, mode: 'Fast' });
  });

  it('refuses pattern, format and bound violations with upstream messages', async () => {
    const refused = await apply('w2', widget('w2', '{name: Bad_Name, contact: nobody, replicas: 12}'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.replicas: Invalid value: 12: spec.replicas in body should be less than or equal to 10');
    expect(refused.stderr).toContain('spec.name: Invalid value: "Bad_Name": spec.name in body should match \'^[a-z][a-z0-9-]*$\'');
    expect(refused.stderr).toContain('spec.contact: Invalid value: "nobody": spec.contact in body must be of type email: "nobody"');
    expect((await kubectl('get', 'widget', 'w2')).code).not.toBe(0);
  });

  it('evaluates CEL rules, transition rules against the stored object', async () => {
    const slow = await kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"mode":"Slow","replicas":5}}');
    expect(slow.stderr).toContain('spec.replicas: Invalid value: "object": slow widgets run at most 3 replicas');
    const moved = await kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"image":"img:2"}}');
    expect(moved.stderr).toContain('spec.image: Invalid value: "string": image is immutable');
    await succeeds(kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"mode":"Slow","replicas":2}}'));
  });

  it('scales a custom kind with kubectl scale through its scale subresource', async () => {
    await succeeds(kubectl('patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"mode":"Fast"}}'));
    const scaled = await kubectl('scale', 'widget', 'w1', '--replicas=7');
    expect(scaled).toMatchObject({ code: 0, stdout: expect.stringContaining('scaled') });
    expect((await kubectl('get', 'widget', 'w1', '-o', 'jsonpath={.spec.replicas}')).stdout).toBe('7');
    const scale = JSON.parse((await kubectl('get', '--raw', '/apis/schema.example.com/v1/namespaces/default/widgets/w1/scale')).stdout);
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 7 }, status: { replicas: 0 } });
    const tooMany = await kubectl('scale', 'widget', 'w1', '--replicas=11');
    expect(tooMany.stderr).toContain('spec.replicas in body should be less than or equal to 10');
  });

  it('shows a default added to the schema later on stored objects', async () => {
    const withTier = WIDGET_CRD.replace(
      '              contact: {type: string, format: email}',
      '              contact: {type: string, format: email}\n              tier: {type: string, default: gold}',
    );
    await succeeds(apply('widget-crd-tier', withTier));
    await waitFor(async () => (await kubectl('get', 'widget', 'w1', '-o', 'jsonpath={.spec.tier}')).stdout === 'gold', {
      timeoutMs: 10_000,
      what: 'the new default on the stored widget',
    });
  });

  it('refuses a definition whose CEL rule does not compile', async () => {
    const bad = WIDGET_CRD.replace('widgets.schema.example.com', 'gadgets.schema.example.com')
      .replace('plural: widgets, singular: widget, kind: Widget', 'plural: gadgets, singular: gadget, kind: Gadget')
      .replace('rule: self == oldSelf', 'rule: self ==');
    const refused = await apply('gadget-crd', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('x-kubernetes-validations[0].rule: Invalid value: "self ==": compilation failed');
  });

  it('stores a definition of several hundred kilobytes', async () => {
    const big = bigDefinition();
    expect(big.length).toBeGreaterThan(400_000);
    // Kubernetes refuses client-side apply of such a definition (its last-applied annotation passes
    // the 256 KiB annotation limit), so users create it (or apply server-side): done so here too.
    const file = path.join(suite.cluster.dataDir, 'manifests', 'big-crd.json');
    await fs.writeFile(file, big);
    await succeeds(kubectl('create', '-f', file));
    await succeeds(kubectl('wait', '--for=condition=Established', 'crd/bigroutes.gateway.example.com', '--timeout=30s'));
    await succeeds(apply('big-route', 'apiVersion: gateway.example.com/v1\nkind: BigRoute\nmetadata: {name: r}\nspec: {field1199: ok}\n'));
  });
});
