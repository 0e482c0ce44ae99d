import { dynamicResources } from '../../dynamic/dynamic-resources';
import { findKind, findResource, findServed, servedResources } from '../../find-resource';
import type { CustomResourceDefinition } from '../../generated/kubernetes-types';
import type { KubeObject } from '../../strategy';
import { validate } from '../../validate';
import { customResourceStrategies } from './custom-resource-strategy';

const schema = {
  openAPIV3Schema: {
    type: 'object',
    properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer' } } } },
  },
};

const crontabs: CustomResourceDefinition = {
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false, schema },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      },
    ],
  },
};

describe('custom resource strategies', () => {
  afterEach(() => dynamicResources.remove(crontabs.metadata.name ?? ''));

  it('serves every served version, the storage one storing and the others converting', async () => {
    const [v1, v1beta1] = customResourceStrategies(crontabs);
    expect([v1?.version, v1?.conversion, v1beta1?.version]).toEqual(['v1', undefined, 'v1beta1']);
    expect(v1?.subresources.map((s) => s.name)).toEqual(['status', 'scale']);
    expect(v1beta1?.conversion?.storage).toBe(v1);
    await expect(v1beta1?.conversion?.fromStorage({ apiVersion: 'stable.example.com/v1', metadata: { name: 'a' } })).resolves.toEqual({
      apiVersion: 'stable.example.com/v1beta1',
      metadata: { name: 'a' },
    });
    expect(v1?.openapi?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }]);
  });

  it('checks objects against the version schema', () => {
    const [v1] = customResourceStrategies(crontabs);
    const good = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'a' },
      spec: { cronSpec: '* * * * */5', replicas: 1 },
    };
    expect(v1 && validate(v1.schema, good)).toEqual({ causes: [], unknown: [] });
    expect(v1?.validate(good)).toEqual([]);
    const bad = { ...good, spec: { replicas: 'x', extra: 1 } };
    expect(v1 && validate(v1.schema, bad).unknown).toEqual(['spec.extra']);
    expect(v1?.validate(bad).map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
  });

  it('is found by the lookups only while registered', () => {
    expect(findResource('stable.example.com', 'crontabs')).toBeUndefined();
    dynamicResources.replace(crontabs.metadata.name ?? '', customResourceStrategies(crontabs));
    expect(findResource('stable.example.com', 'crontabs')?.version).toBe('v1');
    expect(findServed('stable.example.com', 'v1beta1', 'crontabs')?.conversion).toBeDefined();
    expect(findKind('stable.example.com/v1', 'CronTab')?.plural).toBe('crontabs');
    expect(servedResources().filter((r) => r.group === 'stable.example.com')).toHaveLength(2);
    dynamicResources.remove(crontabs.metadata.name ?? '');
    expect(findServed('stable.example.com', 'v1', 'crontabs')).toBeUndefined();
  });

  it('checks enum, minimum and maximum of a custom schema', () => {
    const strict = structuredClone(crontabs);
    const props = { kind: { type: 'string', enum: ['Daily', 'Weekly'] }, replicas: { type: 'integer', minimum: 0, maximum: 10 } };
    for (const v of strict.spec.versions)
      v.schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: props } } } };
    const [v1] = customResourceStrategies(strict);
    const causes = v1?.validate({ metadata: { name: 'a' }, spec: { kind: 'Hourly', replicas: 11 } } as KubeObject) ?? [];
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.kind: Unsupported value: "Hourly": supported values: "Daily", "Weekly"',
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    ]);
  });

  it('reads the scale paths of its version', () => {
    const [v1] = customResourceStrategies(crontabs);
    expect(v1?.scalePaths).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
  });
});
