import { structuralRules } from '../structural-schema';
import { escapeCelField, unescapeCelField } from './cel-escaping';
import { evaluate } from './cel-test-eval';
import { CustomResourceSchema } from './custom-schema';
import type { Node } from './json-schema';

describe('CEL names of properties', () => {
  it('escapes reserved words and special characters as Kubernetes does, and back', () => {
    const names = ['namespace', 'in', 'a.b', 'x-y', 'k/v', 'a__b', 'plain'];
    const escaped = names.map(escapeCelField);
    expect(escaped).toEqual(['__namespace__', '__in__', 'a__dot__b', 'x__dash__y', 'k__slash__v', 'a__underscores__b', 'plain']);
    expect(escaped.map(unescapeCelField)).toEqual(names);
  });

  it('lets rules read a property named namespace, and tell parents in two namespaces apart', () => {
    const ref = { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' } } };
    const root = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            parents: {
              type: 'array',
              items: ref,
              'x-kubernetes-validations': [
                {
                  rule: 'self.all(p1, self.exists_one(p2, p1.name == p2.name && (has(p1.__namespace__) ? p1.__namespace__ : "") == (has(p2.__namespace__) ? p2.__namespace__ : "")))',
                  message: 'parents must be unique',
                },
              ],
            },
            namespace: { type: 'string' },
            labels: {
              type: 'object',
              additionalProperties: { type: 'string' },
              'x-kubernetes-validations': [{ rule: "self['a-b'] == 'c'" }],
            },
          },
          'x-kubernetes-validations': [
            { rule: "!has(self.__namespace__) || self.__namespace__ != ''", message: 'namespace must not be empty' },
          ],
        },
      },
    } as Node;
    expect(structuralRules(root, 'r')).toEqual([]);
    const schema = new CustomResourceSchema(root);
    const spec = (parents: unknown[]) => ({ spec: { parents, labels: { 'a-b': 'c' } } });
    expect(
      schema.checkObject(
        spec([
          { name: 'gw', namespace: 'a' },
          { name: 'gw', namespace: 'b' },
        ]),
      ),
    ).toEqual([]);
    expect(
      schema
        .checkObject(
          spec([
            { name: 'gw', namespace: 'a' },
            { name: 'gw', namespace: 'a' },
          ]),
        )
        .map((c) => c.message),
    ).toEqual(['Invalid value: "array": parents must be unique']);
    expect(schema.checkObject({ spec: { namespace: '' } }).map((c) => c.message)).toEqual([
      'Invalid value: "object": namespace must not be empty',
    ]);
    expect(evaluate("self['in'] == 1", { in: 1 })).toBe(true);
  });
});
