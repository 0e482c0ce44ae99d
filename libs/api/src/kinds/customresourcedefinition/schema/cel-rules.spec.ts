import type { Cause } from '../../../schema';
import { evaluateRules } from './cel-rules';
import type { Node } from './json-schema';

const node: Node = {
  type: 'object',
  properties: {
    xs: { type: 'array', items: { type: 'integer' } },
    ratio: { type: 'number' },
    s: { type: 'string' },
    mem: { type: 'string' },
    site: { type: 'string' },
  },
};
const value = { xs: [1, 2, 5], ratio: 2, s: 'build-42-then-7', mem: '64Mi', site: 'https://example.com/x' };

function holds(rule: string, self: unknown = value, oldSelf?: unknown): string[] {
  const causes: Cause[] = [];
  evaluateRules([{ rule }], node, { type: 'object', self, oldSelf }, 'spec', causes);
  return causes.map((c) => c.message);
}

describe('CEL rules', () => {
  it.each([
    'size(self.xs) == 3 && has(self.s) && !has(self.missing)',
    'self.xs.all(x, x > 0) && self.xs.exists(x, x == 5) && self.xs.exists_one(x, x > 4)',
    'self.xs.map(x, x * 2) == [2, 4, 10] && self.xs.filter(x, x > 1).size() == 2',
    'self.ratio == 2.0 && self.xs[0] == 1',
    "self.s.indexOf('42') == 6 && self.s.startsWith('build') && self.s.endsWith('7') && self.s.matches('^[a-z0-9-]+$') && 'AbC'.lowerAscii() == 'abc'",
    'self.xs.isSorted() && self.xs.sum() == 8 && self.xs.min() == 1 && self.xs.max() == 5 && self.xs.indexOf(5) == 2',
    "self.s.find('[0-9]+') == '42' && self.s.findAll('[0-9]+') == ['42', '7']",
    "isURL(self.site) && !isURL('not a url') && isQuantity(self.mem) && !isQuantity('lots')",
    "url(self.site).getScheme() == 'https' && url('http://h:8080/a%20b?x=1&x=2').getPort() == '8080' && url('http://h:8080/a%20b?x=1&x=2').getQuery()['x'] == ['1', '2'] && url('https://[::1]/').getHostname() == '::1' && url(self.site).getEscapedPath() == '/x'",
    'sets.contains(self.xs, [1, 5]) && !sets.contains(self.xs, [7]) && sets.equivalent([1, 2, 2], [2, 1]) && sets.intersects(self.xs, [9, 2])',
    "quantity(self.mem).isGreaterThan(quantity('500Ki')) && quantity('1') == quantity('1000m') && quantity('1Gi').compareTo(quantity('1024Mi')) == 0",
    "quantity('1.5').add(quantity('500m')).asInteger() == 2 && quantity('2').sub(3).sign() == -1 && !quantity('1.5').isInteger()",
  ])('holds: %s', (rule) => {
    expect(holds(rule)).toEqual([]);
  });

  it('reports a rule that is false, and one that fails, with the rule', () => {
    expect(holds('self.xs.all(x, x > 1)')).toEqual(['Invalid value: "object": failed rule: self.xs.all(x, x > 1)']);
    expect(holds('self.nothing == 1')[0]).toMatch(/^Invalid value: "object": failed rule: self\.nothing == 1: /);
  });

  it('skips transition rules on create and binds oldSelf on update', () => {
    expect(holds('self.xs.size() >= oldSelf.xs.size()')).toEqual([]);
    expect(holds('self.xs.size() >= oldSelf.xs.size()', value, { xs: [1, 2, 3, 4] })).toHaveLength(1);
  });
});
