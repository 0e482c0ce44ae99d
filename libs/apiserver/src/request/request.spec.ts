import type { StatusError } from '@stevedore/api';
import { patchTypeOf, wantedRepresentation } from './content-type';
import { decodeBody, findDuplicateKey, MAX_BODY_BYTES } from './decode-body';
import { parseResourcePath } from './request-info';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as StatusError).status;
  }
  throw new Error('expected a StatusError');
};

describe('parseResourcePath', () => {
  it.each([
    ['/api/v1/namespaces/default/pods', 'pods', 'default', undefined, undefined],
    ['/api/v1/namespaces/default/pods/web/log', 'pods', 'default', 'web', 'log'],
    ['/api/v1/pods', 'pods', undefined, undefined, undefined],
    ['/api/v1/namespaces/kube-system', 'namespaces', undefined, 'kube-system', undefined],
    ['/api/v1/namespaces/x/status', 'namespaces', undefined, 'x', 'status'],
    ['/apis/apps/v1/namespaces/ns/deployments/web/scale', 'deployments', 'ns', 'web', 'scale'],
    ['/api/v1/nodes/n1/proxy', 'nodes', undefined, 'n1', 'proxy'],
  ])('%s', (path, plural, namespace, name, subresource) => {
    expect(parseResourcePath(path)).toMatchObject({ resource: { plural }, namespace, name, subresource });
  });

  it('leaves non-resource paths alone and 404s unknown resources', () => {
    expect(parseResourcePath('/api')).toBeUndefined();
    expect(parseResourcePath('/apis/apps/v1')).toBeUndefined();
    expect(statusOf(() => parseResourcePath('/api/v1/widgets')).code).toBe(404);
    expect(statusOf(() => parseResourcePath('/apis/apps/v2/deployments')).code).toBe(404);
    expect(statusOf(() => parseResourcePath('/api/v1/namespaces/a/nodes')).code).toBe(404);
    expect(statusOf(() => parseResourcePath('/api/v1/namespaces/a/pods/p/bogus')).code).toBe(404);
  });
});

describe('content negotiation', () => {
  it('recognises the Table accept kubectl sends', () => {
    expect(
      wantedRepresentation(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      ),
    ).toBe('Table');
    expect(wantedRepresentation('application/json')).toBe('Object');
    expect(wantedRepresentation(undefined)).toBe('Object');
    expect(patchTypeOf('application/strategic-merge-patch+json; charset=utf-8')).toBe('strategic');
    expect(patchTypeOf('text/plain')).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('decodes JSON and YAML', () => {
    expect(decodeBody(Buffer.from('{"a":{"b":[1,2]}}'), 'application/json')).toEqual({ a: { b: [1, 2] } });
    expect(decodeBody(Buffer.from('a:\n  b: [1, 2]\n'), 'application/yaml')).toEqual({ a: { b: [1, 2] } });
  });

  it.each([
    ['{"a":', 'application/json', 400],
    ['{"a":1,"b":{"c":1},"a":2}', 'application/json', 400],
    ['a: 1\na: 2\n', 'application/yaml', 400],
    ['['.repeat(200) + ']'.repeat(200), 'application/json', 400],
  ])('refuses %p', (body, type, code) => {
    expect(statusOf(() => decodeBody(Buffer.from(body), type)).code).toBe(code);
  });

  it('refuses invalid UTF-8 and bodies over 3 MiB', () => {
    expect(statusOf(() => decodeBody(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json')).code).toBe(400);
    expect(statusOf(() => decodeBody(Buffer.alloc(MAX_BODY_BYTES + 1, 32), 'application/json')).code).toBe(413);
  });

  it("says kube-apiserver's words for a body over the limit", () => {
    expect(statusOf(() => decodeBody(Buffer.alloc(MAX_BODY_BYTES + 1, 32), 'application/json')).message).toBe(
      'Request entity too large: limit is 3145728',
    );
  });

  it('answers a YAML alias bomb with 400, not by expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const status = statusOf(() => decodeBody(Buffer.from(levels.join('\n')), 'application/yaml'));
    expect(status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(status.message).toMatch(/alias/i);
  });

  it('refuses YAML nested past a thousand levels before parsing it, in flow and block style', () => {
    const flow = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const block = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const before = process.memoryUsage().heapUsed;
    for (const body of [flow, block]) expect(statusOf(() => decodeBody(Buffer.from(body), 'application/yaml')).code).toBe(400);
    // A parse of either would take hundreds of megabytes; the estimate takes a few.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('lets real nesting through: a CRD schema twenty properties deep', () => {
    let schema = '';
    for (let i = 0; i < 20; i++) schema += `${'  '.repeat(2 * i)}p${i}:\n${'  '.repeat(2 * i + 1)}properties:\n`;
    schema += `${'  '.repeat(40)}leaf: {type: string}\n`;
    expect(decodeBody(Buffer.from(schema), 'application/yaml')).toHaveProperty('p0.properties.p1.properties');
  });

  it('finds duplicate keys only within one object', () => {
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":"a\\"x"},"c":["a","a"]}')).toBeUndefined();
    expect(findDuplicateKey('{"a":[{"x":1,"x":2}]}')).toBe('x');
  });
});
