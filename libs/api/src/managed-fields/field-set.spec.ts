import { deployments } from '../kinds';
import { CustomResourceSchema } from '../kinds/customresourcedefinition/schema/custom-schema';
import { StatusError } from '../meta/status';
import { inlineSchema } from '../openapi';
import { printPath } from './field-path';
import { fieldSetOf, fromFieldsV1, toFieldsV1 } from './field-set';

const schema = deployments.schema;

describe('field sets', () => {
  const object = {
    metadata: { labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        spec: {
          containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }], args: ['a', 'b'] }],
        },
      },
    },
  };

  it("encodes as Kubernetes' FieldsV1: keyed items with `.`, atomic values as leaves", () => {
    expect(toFieldsV1(fieldSetOf(object, schema))).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:args': {},
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
          },
        },
      },
    });
  });

  it('decodes what it encodes, and finalizers as a set of values', () => {
    const withSet = { ...object, metadata: { finalizers: ['example.com/a'] } };
    const set = fieldSetOf(withSet, schema);
    expect(fromFieldsV1(toFieldsV1(set))).toEqual(set);
    expect(toFieldsV1(set)['f:metadata']).toEqual({ 'f:finalizers': { 'v:"example.com/a"': {} } });
  });

  it('prints paths as conflict messages name them', () => {
    const paths = [...fieldSetOf(object, schema)].map(printPath);
    expect(paths).toContain('.spec.template.spec.containers[name="app"].image');
    expect(paths).toContain('.spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"]');
  });

  it('rejects a trie with keys that are no field, item or value', () => {
    expect(() => fromFieldsV1({ 'x:spec': {} })).toThrow(StatusError);
    expect(() => fromFieldsV1({ 'f:spec': 'yes' })).toThrow('must be an object');
  });

  it("takes a custom resource's list types from its schema", () => {
    const crd = inlineSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              routes: {
                type: 'array',
                'x-kubernetes-list-type': 'map',
                'x-kubernetes-list-map-keys': ['host', 'port'],
                items: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' }, backend: { type: 'string' } } },
              },
              tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
              hosts: { type: 'array', items: { type: 'string' } },
              selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { app: { type: 'string' } } },
            },
          },
        },
      },
      'CronTab',
    );
    const value = { spec: { routes: [{ host: 'a', port: 80, backend: 'b' }], tags: ['x'], hosts: ['h'], selector: { app: 'a' } } };
    expect(toFieldsV1(fieldSetOf(value, crd))).toEqual({
      'f:spec': {
        'f:hosts': {},
        'f:routes': { 'k:{"host":"a","port":80}': { '.': {}, 'f:backend': {}, 'f:host': {}, 'f:port': {} } },
        'f:selector': {},
        'f:tags': { 'v:"x"': {} },
      },
    });
  });

  it("reads a custom kind's list types through its structural schema", () => {
    const schema = new CustomResourceSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            routes: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['host'],
              items: { type: 'object', properties: { host: { type: 'string' } } },
            },
          },
        },
      },
    });
    const value = { metadata: { labels: { a: 'b' } }, spec: { routes: [{ host: 'x' }] } };
    expect(toFieldsV1(fieldSetOf(value, schema.structural()))).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:routes': { 'k:{"host":"x"}': { '.': {}, 'f:host': {} } } },
    });
  });
});
