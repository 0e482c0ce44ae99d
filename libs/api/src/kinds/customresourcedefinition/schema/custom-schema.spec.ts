import { structuralRules } from '../structural-schema';
import { CustomResourceSchema } from './custom-schema';
import type { Node } from './json-schema';

const root: Node = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1, minimum: 0 },
        mode: { type: 'string', default: 'Fast' },
        image: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'image is immutable' }] },
        size: {
          type: 'integer',
          'x-kubernetes-validations': [
            {
              rule: 'self >= oldSelf',
              messageExpression: "'size may only grow, not shrink to ' + string(self)",
              reason: 'FieldValueForbidden',
            },
          ],
        },
        owner: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: '!oldSelf.hasValue() || oldSelf.value() == self', optionalOldSelf: true }],
        },
        resources: { type: 'object', properties: { cpu: { type: 'string', default: '100m' } }, default: {} },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-validations': [
        { rule: "self.mode != 'Slow' || self.replicas <= 3", message: 'slow mode allows at most 3 replicas', fieldPath: '.replicas' },
        { rule: 'self.image.startsWith("registry.local/") && self.image.lowerAscii() == self.image' },
      ],
    },
  },
};

const schema = new CustomResourceSchema(root);
const texts = (causes: { field: string; message: string; reason: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

describe('custom resource schema', () => {
  it('prunes unknown fields, reporting them first, and keeps preserved ones', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'a', bogus: 1 },
      top: 1,
      spec: { image: 'registry.local/a', nope: 2, extra: { free: { form: 1 } } },
    };
    const unknown: string[] = [];
    schema.unknownFields(obj, '', unknown);
    expect(unknown).toEqual(['metadata.bogus', 'top', 'spec.nope']);
    schema.pruneAndDefault(obj);
    expect(obj).toEqual({
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'a' },
      spec: { image: 'registry.local/a', extra: { free: { form: 1 } }, replicas: 1, mode: 'Fast', resources: { cpu: '100m' } },
    });
  });

  it('defaults missing and null fields, inside defaulted objects too', () => {
    const obj = { metadata: { name: 'a' }, spec: { replicas: null, image: 'registry.local/a' } };
    schema.applyDefaults(obj);
    expect(obj.spec).toMatchObject({ replicas: 1, mode: 'Fast', resources: { cpu: '100m' } });
  });

  it('evaluates CEL rules, with fieldPath, message and messageExpression', () => {
    const obj = { metadata: { name: 'a' }, spec: { replicas: 5, mode: 'Slow', image: 'Registry.local/A' } };
    expect(texts(schema.checkObject(obj))).toEqual([
      'spec.replicas: Invalid value: "object": slow mode allows at most 3 replicas',
      'spec: Invalid value: "object": failed rule: self.image.startsWith("registry.local/") && self.image.lowerAscii() == self.image',
    ]);
  });

  it('runs transition rules only on updates, against the old value', () => {
    const old = { metadata: { name: 'a' }, spec: { mode: 'Fast', replicas: 1, image: 'registry.local/a', size: 5, owner: 'me' } };
    expect(schema.checkObject(old)).toEqual([]);
    const next = { metadata: { name: 'a' }, spec: { ...old.spec, image: 'registry.local/b', size: 4, owner: 'you' } };
    const causes = schema.checkObject(next, old);
    expect(texts(causes)).toEqual([
      'spec.image: Invalid value: "string": image is immutable',
      'spec.size: Forbidden: size may only grow, not shrink to 4',
      'spec.owner: Invalid value: "string": failed rule: !oldSelf.hasValue() || oldSelf.value() == self',
    ]);
    expect(causes[1]?.reason).toBe('FieldValueForbidden');
    expect(
      schema.checkObject(
        { ...next, spec: { ...next.spec, image: 'registry.local/a', size: 6 } },
        { metadata: { name: 'a' }, spec: { image: 'registry.local/a' } },
      ),
    ).toEqual([]);
  });

  it('ratchets: an update may keep a value the schema now refuses, but not change to one', () => {
    const stored = { metadata: { name: 'a' }, spec: { mode: 'Slow', replicas: -1, image: 'Registry.local/A' } };
    expect(schema.checkObject(stored).length).toBeGreaterThan(0);
    const touched = { ...stored, metadata: { name: 'a', labels: { x: 'y' } } };
    expect(schema.checkObject(touched, stored)).toEqual([]);
    expect(texts(schema.checkObject({ ...stored, spec: { ...stored.spec, replicas: -2 } }, stored))).toEqual([
      'spec.replicas: Invalid value: -2: spec.replicas in body should be greater than or equal to 0',
      // spec changed, so its rules run again (a bound problem does not stop them) and see the old image.
      'spec: Invalid value: "object": failed rule: self.image.startsWith("registry.local/") && self.image.lowerAscii() == self.image',
    ]);
    const slowed = { metadata: { name: 'a' }, spec: { mode: 'Fast', replicas: 5, image: 'registry.local/a' } };
    expect(texts(schema.checkObject({ ...slowed, spec: { ...slowed.spec, mode: 'Slow' } }, slowed))).toEqual([
      'spec.replicas: Invalid value: "object": slow mode allows at most 3 replicas',
    ]);
  });

  it('refuses to run a rule whose cost is over the limit', () => {
    const nested = new CustomResourceSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { xs: { type: 'array', items: { type: 'integer' } } },
          'x-kubernetes-validations': [{ rule: 'self.xs.all(a, self.xs.all(b, self.xs.all(c, a + b + c >= 0)))' }],
        },
      },
    });
    const xs = Array.from({ length: 200 }, (_, i) => i);
    expect(texts(nested.checkObject({ metadata: { name: 'a' }, spec: { xs } }))).toEqual([
      expect.stringContaining('spec: Invalid value: "object": call cost exceeds limit for rule'),
    ]);
    expect(nested.checkObject({ metadata: { name: 'a' }, spec: { xs: [1, 2] } })).toEqual([]);
  });
});

describe('CRD schema checks', () => {
  it('refuses rules that do not compile, bad patterns, bad list types and junctor types', () => {
    const bad: Node = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            s: { type: 'string', pattern: '([a-z' },
            l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'map' },
          },
          'x-kubernetes-validations': [{ rule: 'self.s +' }],
          anyOf: [{ type: 'object', properties: { missing: { maxLength: 1 } } }],
        },
      },
    };
    const messages = structuralRules(bad, 'spec.versions[0].schema.openAPIV3Schema').map((c) => `${c.field}: ${c.message}`);
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties[spec]';
    expect(messages).toEqual([
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(at)}\\.x-kubernetes-validations\\[0\\]\\.rule: Invalid value: "self\\.s \\+": compilation failed: `),
      ),
      `${at}.anyOf[0].type: Forbidden: must be empty to be structural`,
      `${at}.anyOf[0].properties[missing]: Required value: because it is defined in anyOf[0].properties[missing]`,
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(at)}\\.properties\\[s\\]\\.pattern: Invalid value: "\\(\\[a-z": must be a valid regular expression`),
      ),
      `${at}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
    ]);
  });

  it('refuses additionalProperties: false', () => {
    const closed: Node = { type: 'object', properties: { m: { type: 'object', additionalProperties: false } } };
    expect(structuralRules(closed, 'r').map((c) => `${c.field}: ${c.message}`)).toEqual([
      'r.properties[m].additionalProperties: Forbidden: additionalProperties cannot be set to false',
    ]);
  });

  it('refuses a default its own schema rejects', () => {
    const bad: Node = { type: 'object', properties: { n: { type: 'integer', maximum: 3, default: 5 } } };
    expect(structuralRules(bad, 'r').map((c) => `${c.field}: ${c.message}`)).toEqual([
      'r.properties[n].default: Invalid value: 5: r.properties[n].default in body should be less than or equal to 3',
    ]);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
