import type { Cause } from '../../../schema';
import type { Node } from './json-schema';
import { validateValue } from './value-rules';

function problems(node: Node, value: unknown): string[] {
  const causes: Cause[] = [];
  validateValue(node, value, 'spec', causes);
  return causes.map((c) => `${c.field}: ${c.message}`);
}

const obj = (properties: Record<string, Node>, extra: Partial<Node> = {}): Node => ({ type: 'object', properties, ...extra });

describe('custom resource value validation', () => {
  it('checks strings: pattern, lengths and formats with upstream wording', () => {
    const node = obj({
      name: { type: 'string', pattern: '^[a-z]+$', minLength: 3, maxLength: 5 },
      mail: { type: 'string', format: 'email' },
      ip: { type: 'string', format: 'ipv4' },
      net: { type: 'string', format: 'cidr' },
      when: { type: 'string', format: 'date-time' },
      id: { type: 'string', format: 'uuid' },
    });
    const good = {
      name: 'abc',
      mail: 'a@b.io',
      ip: '198.19.0.1',
      net: '198.19.0.0/16',
      when: '2026-12-06T16:00:00Z',
      id: '123e4567-e89b-12d3-a456-426614174000',
    };
    expect(problems(node, good)).toEqual([]);
    expect(problems(node, { name: 'AB', mail: 'nope', ip: '1.2.3', net: '198.19.0.0/33', when: 'today', id: 'x' })).toEqual([
      'spec.name: Invalid value: "AB": spec.name in body should be at least 3 chars long',
      'spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\'',
      'spec.mail: Invalid value: "nope": spec.mail in body must be of type email: "nope"',
      'spec.ip: Invalid value: "1.2.3": spec.ip in body must be of type ipv4: "1.2.3"',
      'spec.net: Invalid value: "198.19.0.0/33": spec.net in body must be of type cidr: "198.19.0.0/33"',
      'spec.when: Invalid value: "today": spec.when in body must be of type date-time: "today"',
      'spec.id: Invalid value: "x": spec.id in body must be of type uuid: "x"',
    ]);
    expect(problems(node, { name: 'abcdef' })).toEqual(['spec.name: Too long: may not be more than 5 bytes']);
    // RE2 escapes JavaScript's Unicode mode refuses still work.
    const signed: Node = { type: 'string', pattern: '^\\-?\\d+$' };
    expect([problems(signed, '-12'), problems(signed, 'x').length]).toEqual([[], 1]);
  });

  it('checks numbers: bounds, exclusive bounds, multipleOf and int32', () => {
    const node = obj({
      a: { type: 'integer', minimum: 1, maximum: 10 },
      b: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
      c: { type: 'integer', multipleOf: 5 },
      d: { type: 'integer', format: 'int32' },
    });
    expect(problems(node, { a: 12, b: 1, c: 7, d: 2 ** 31 })).toEqual([
      'spec.a: Invalid value: 12: spec.a in body should be less than or equal to 10',
      'spec.b: Invalid value: 1: spec.b in body should be less than 1',
      'spec.c: Invalid value: 7: spec.c in body should be a multiple of 5',
      'spec.d: Invalid value: 2147483648: spec.d in body must be of type int32: "2147483648"',
    ]);
    expect(problems(node, { a: 0, b: 0 })).toEqual([
      'spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1',
      'spec.b: Invalid value: 0: spec.b in body should be greater than 0',
    ]);
    expect(problems(node, { a: 1.5 })).toEqual(['spec.a: Invalid value: "number": spec.a in body must be of type integer: "number"']);
  });

  it('checks types, nullable and int-or-string', () => {
    const node = obj({ n: { type: 'string', nullable: true }, s: { type: 'string' }, p: { 'x-kubernetes-int-or-string': true } });
    expect(problems(node, { n: null, p: 80 })).toEqual([]);
    expect(problems(node, { s: null, p: true })).toEqual([
      'spec.s: Invalid value: "null": spec.s in body must be of type string: "null"',
      'spec.p: Invalid value: "boolean": spec.p in body must be of type integer,string: "boolean"',
    ]);
  });

  it('checks item and property counts, required fields and list types', () => {
    const node = obj(
      {
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          minItems: 1,
          items: obj({ name: { type: 'string' }, port: { type: 'integer' } }),
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 },
      },
      { required: ['ports'] },
    );
    expect(problems(node, { tags: ['a', 'b', 'a', 'c'], labels: { a: 'x', b: 'y' } })).toEqual([
      'spec.ports: Required value',
      'spec.tags: Too many: 4: must have at most 3 items',
      'spec.tags[2]: Duplicate value: "a"',
      'spec.labels: Too many: 2: must have at most 1 items',
    ]);
    expect(
      problems(node, {
        ports: [
          { name: 'a', port: 1 },
          { name: 'a', port: 2 },
        ],
      }),
    ).toEqual(['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}']);
    expect(problems(node, { ports: [] })).toEqual(['spec.ports: Invalid value: 0: spec.ports in body should have at least 1 items']);
  });

  it('checks allOf, anyOf, oneOf and not', () => {
    const node: Node = {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      oneOf: [{ required: ['a'] }, { required: ['b'] }],
      not: { properties: { a: { maximum: 0 } } },
    };
    expect(problems(node, { a: 1 })).toEqual([]);
    expect(problems(node, { a: 1, b: 2 })).toEqual([
      'spec: Invalid value: "object": spec in body must validate one and only one schema (oneOf)',
    ]);
    expect(problems(node, { a: -1 })).toEqual(['spec: Invalid value: "object": spec in body must not validate the schema (not)']);
  });

  it('checks embedded resources: apiVersion, kind and metadata', () => {
    const node = obj({
      template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
    });
    expect(problems(node, { template: { metadata: { name: 'Bad_Name' } } })).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
      expect.stringMatching(/^spec\.template\.metadata\.name: Invalid value: "Bad_Name": /),
    ]);
  });
});
