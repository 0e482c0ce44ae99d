import { parse } from '@bufbuild/cel';
import { fieldProblems } from './cel-fields';
import type { Node } from './json-schema';

const root: Node = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const problems = (rule: string) => fieldProblems(parse(rule), root, true);

describe('CEL field checks', () => {
  it('accepts fields the schema has, map keys, open objects and the object fields at the root', () => {
    expect(problems('self.spec.replicas > 0 && self.spec.labels.app == "x" && self.spec.extra.any.thing == 1')).toEqual([]);
    expect(problems('self.metadata.name.startsWith("a") && self.kind == "K" && has(oldSelf.spec)')).toEqual([]);
    expect(problems('self.spec.labels.all(k, k.size() > 0)')).toEqual([]);
  });

  it('reports a misspelt field and selection on a scalar, with their position', () => {
    expect(problems('self.spec.replicsa > 0')).toEqual(["<input>:1:10: undefined field 'replicsa'"]);
    expect(problems('self.spec.replicas.value == 1')).toEqual(["<input>:1:19: type 'integer' does not support field selection"]);
    expect(problems('has(self.spec.replicas.value)')).toEqual([expect.stringMatching(/type 'integer' does not support field selection$/)]);
    expect(problems('self.metadata.labels.a == "b"')).toEqual(["<input>:1:14: undefined field 'labels'"]);
  });
});
