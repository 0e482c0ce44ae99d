// Constructs that public CRDs (Gateway API, prometheus-operator, Argo CD, MetalLB) rely on, each
// once refused or mishandled here: kept as the regression list of what they need.
import { structuralRules } from '../structural-schema';
import { CustomResourceSchema } from './custom-schema';
import type { Node } from './json-schema';

const texts = (causes: { field: string; message: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

describe('constructs of public CRDs', () => {
  it('keeps metadata declared as a bare object at the root, as controller-gen writes it', () => {
    const schema = new CustomResourceSchema({
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } },
    } as Node);
    const obj = { apiVersion: 'g/v1', kind: 'K', metadata: { name: 'a', namespace: 'n', annotations: { x: 'y' }, bogus: 1 }, spec: {} };
    const unknown: string[] = [];
    schema.unknownFields(obj, '', unknown);
    expect(unknown).toEqual(['metadata.bogus']);
    schema.pruneAndDefault(obj);
    expect(obj.metadata).toEqual({ name: 'a', namespace: 'n', annotations: { x: 'y' } });
    expect(texts(schema.checkObject(obj))).toEqual([]);
  });

  it('accepts anyOf integer/string beside x-kubernetes-int-or-string, as controller-gen writes IntOrString', () => {
    const intOrString = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
    const root = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            targetPort: intOrString,
            factor: { ...intOrString, pattern: '^[0-9.]+$' },
            count: { allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { maxLength: 5 }], 'x-kubernetes-int-or-string': true },
          },
        },
      },
    } as Node;
    expect(structuralRules(root, 'r')).toEqual([]);
    const schema = new CustomResourceSchema(root);
    expect(texts(schema.checkObject({ spec: { targetPort: 'http', factor: '1.1', count: 3 } }))).toEqual([]);
    expect(texts(schema.checkObject({ spec: { targetPort: true, factor: 'x' } }))).toEqual([
      'spec.targetPort: Invalid value: "boolean": spec.targetPort in body must be of type integer,string: "boolean"',
      'spec.factor: Invalid value: "x": spec.factor in body should match \'^[0-9.]+$\'',
    ]);
  });

  it('still refuses types in anyOf without x-kubernetes-int-or-string, or other than integer then string', () => {
    const anyOf = [{ type: 'integer' }, { type: 'string' }];
    const plain = { type: 'object', properties: { p: { anyOf } } } as Node;
    expect(structuralRules(plain, 'r').map((c) => c.field)).toEqual([
      'r.properties[p].type',
      'r.properties[p].anyOf[0].type',
      'r.properties[p].anyOf[1].type',
    ]);
    const other = {
      type: 'object',
      properties: { p: { anyOf: [{ type: 'string' }, { type: 'boolean' }], 'x-kubernetes-int-or-string': true } },
    } as Node;
    expect(structuralRules(other, 'r').map((c) => c.field)).toEqual(['r.properties[p].anyOf[0].type', 'r.properties[p].anyOf[1].type']);
  });

  it('runs CEL rules beside pattern problems, but not after type or required ones', () => {
    const schema = new CustomResourceSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { interval: { type: 'string', pattern: '^[0-9]+s$' }, count: { type: 'integer' } },
          'x-kubernetes-validations': [{ rule: "self.interval != '0s' && self.interval != 'never'", message: 'interval must not be zero' }],
        },
      },
    } as Node);
    expect(texts(schema.checkObject({ spec: { interval: 'never' } }))).toEqual([
      'spec.interval: Invalid value: "never": spec.interval in body should match \'^[0-9]+s$\'',
      'spec: Invalid value: "object": interval must not be zero',
    ]);
    const typed = schema.checkObject({ spec: { interval: '0s', count: 'two' } });
    expect(typed.map((c) => c.reason)).toEqual(['FieldValueTypeInvalid', 'FieldValueInvalid']);
    expect(texts(typed)).toEqual([
      'spec.count: Invalid value: "string": spec.count in body must be of type integer: "string"',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });
});
