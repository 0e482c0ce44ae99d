import { type Route, RouteTable } from './route-table';

const route = (
  host: string,
  path: string,
  pathType: string,
  backend: string,
  created = '2026-01-01T00:00:00Z',
  ingress = 'default/a',
): Route => ({
  ingress,
  host,
  path,
  pathType,
  created,
  backend,
  backendFound: true,
  endpoints: [],
});

const backendOf = (table: RouteTable, host: string, url: string) => table.match(host, url)?.backend;

describe('ingress route table', () => {
  it('prefers an Exact path, then the longest Prefix by path elements', () => {
    const table = new RouteTable([
      route('a.example.com', '/', 'Prefix', 'root'),
      route('a.example.com', '/foo', 'Prefix', 'foo'),
      route('a.example.com', '/foo/bar/', 'Prefix', 'foobar'),
      route('a.example.com', '/foo', 'Exact', 'exact'),
    ]);
    expect(backendOf(table, 'a.example.com', '/foo')).toBe('exact');
    expect(backendOf(table, 'a.example.com', '/foo/')).toBe('foo');
    expect(backendOf(table, 'a.example.com', '/foo/bar')).toBe('foobar');
    expect(backendOf(table, 'a.example.com', '/foo/bar/baz?x=1')).toBe('foobar');
    expect(backendOf(table, 'a.example.com', '/foobar')).toBe('root');
    expect(backendOf(table, 'A.Example.com:8080', '/foo?q')).toBe('exact');
  });

  it('treats ImplementationSpecific as Prefix, and Exact as exact only', () => {
    const table = new RouteTable([route('', '/api', 'ImplementationSpecific', 'api'), route('', '/x', 'Exact', 'x')]);
    expect(backendOf(table, 'any', '/api/v1')).toBe('api');
    expect(backendOf(table, 'any', '/x/')).toBeUndefined();
  });

  it('matches an exact host first, then a wildcard of one label, then hostless rules', () => {
    const table = new RouteTable([
      route('a.example.com', '/', 'Prefix', 'a'),
      route('*.example.com', '/', 'Prefix', 'wild'),
      route('', '/', 'Prefix', 'any'),
    ]);
    expect(backendOf(table, 'a.example.com', '/')).toBe('a');
    expect(backendOf(table, 'b.example.com', '/')).toBe('wild');
    expect(backendOf(table, 'c.b.example.com', '/')).toBe('any');
    expect(backendOf(table, 'example.com', '/')).toBe('any');
  });

  it('lets the older Ingress win a tie, and falls back to the oldest default backend', () => {
    const table = new RouteTable([
      route('h', '/', 'Prefix', 'newer', '2026-01-02T00:00:00Z', 'default/b'),
      route('h', '/', 'Prefix', 'older', '2026-01-01T00:00:00Z', 'default/a'),
      route('', '', '', 'default-new', '2026-01-02T00:00:00Z', 'default/b'),
      route('', '', '', 'default-old', '2026-01-01T00:00:00Z', 'default/a'),
      route('only', '/x', 'Exact', 'x'),
    ]);
    expect(backendOf(table, 'h', '/')).toBe('older');
    expect(backendOf(table, 'only', '/y')).toBe('default-old');
    expect(backendOf(table, 'nowhere', '/')).toBe('default-old');
  });

  it('matches nothing without a rule or default backend', () => {
    expect(new RouteTable([route('h', '/x', 'Prefix', 'x')]).match('other', '/x')).toBeUndefined();
  });
});
