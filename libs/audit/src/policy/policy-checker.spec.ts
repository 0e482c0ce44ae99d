import { parsePolicy } from './parse-policy';
import { type PolicyAttributes, policyFor } from './policy-checker';

const alice = { name: 'alice', groups: ['dev', 'system:authenticated'] };
const request = (a: Partial<PolicyAttributes>): PolicyAttributes => ({ verb: 'get', apiGroup: '', path: '/', user: alice, ...a });
const pods = (a: Partial<PolicyAttributes> = {}) => request({ resource: 'pods', namespace: 'default', ...a });

function levels(rules: string, ...requests: PolicyAttributes[]): string[] {
  const policy = parsePolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n${rules}`);
  return requests.map((r) => policyFor(policy, r).level);
}

describe('policyFor', () => {
  it('takes the first matching rule, and None when none matches', () => {
    const rules = `
  - { level: None, users: [system:kube-proxy] }
  - { level: Metadata, resources: [{ group: "", resources: [secrets] }] }
  - { level: RequestResponse, resources: [{ group: "" }] }
`;
    expect(
      levels(
        rules,
        pods(),
        pods({ resource: 'secrets' }),
        pods({ user: { name: 'system:kube-proxy', groups: [] } }),
        pods({ apiGroup: 'apps', resource: 'deployments' }),
      ),
    ).toEqual(['RequestResponse', 'Metadata', 'None', 'None']);
  });

  it("matches users, groups, verbs and namespaces ('' for cluster-scoped objects)", () => {
    const rules = `
  - { level: Request, userGroups: [dev], verbs: [create] }
  - { level: Metadata, namespaces: [""] }
  - { level: RequestResponse, users: [bob] }
`;
    expect(
      levels(
        rules,
        pods({ verb: 'create' }),
        pods({ verb: 'list' }),
        request({ resource: 'nodes' }),
        pods({ user: { name: 'bob', groups: [] } }),
        pods({ user: undefined }),
      ),
    ).toEqual(['Request', 'None', 'Metadata', 'RequestResponse', 'None']);
  });

  it('matches subresources as kube-apiserver: pods/log, */scale, pods/*, and * for all', () => {
    const only = (resources: string) => `  - level: Metadata\n    resources: [{ group: "", resources: [${resources}] }]\n`;
    const log = pods({ name: 'web', subresource: 'log' });
    expect(levels(only('pods'), pods(), log)).toEqual(['Metadata', 'None']);
    expect(levels(only('pods/log'), pods(), log, pods({ name: 'web', subresource: 'exec' }))).toEqual(['None', 'Metadata', 'None']);
    expect(levels(only('"*/log"'), log, pods({ resource: 'services', subresource: 'log' }), pods())).toEqual([
      'Metadata',
      'Metadata',
      'None',
    ]);
    expect(levels(only('"pods/*"'), pods(), log, pods({ resource: 'services' }))).toEqual(['Metadata', 'Metadata', 'None']);
    expect(levels(only('"*"'), pods(), log)).toEqual(['Metadata', 'Metadata']);
  });

  it('matches resourceNames only on requests naming one of them', () => {
    const rules = '  - level: Metadata\n    resources: [{ group: "", resources: [configmaps], resourceNames: [settings] }]\n';
    const cm = (name?: string) => pods({ resource: 'configmaps', name });
    expect(levels(rules, cm('settings'), cm('other'), cm())).toEqual(['Metadata', 'None', 'None']);
  });

  it('keeps resource rules and URL rules apart; a trailing * matches any suffix', () => {
    const rules = `
  - { level: Request, nonResourceURLs: ["/healthz*"] }
  - { level: Metadata, namespaces: [default] }
  - { level: RequestResponse, verbs: [get] }
`;
    expect(levels(rules, request({ path: '/healthz/etcd' }), request({ path: '/version' }), pods(), pods({ namespace: 'other' }))).toEqual([
      'Request',
      'RequestResponse',
      'Metadata',
      'RequestResponse',
    ]);
  });

  it("adds the policy-wide omitStages to the rule's and lets the rule override omitManagedFields", () => {
    const policy = parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
omitManagedFields: true
rules:
  - { level: Request, verbs: [create], omitStages: [ResponseStarted], omitManagedFields: false }
  - { level: Metadata }
`);
    expect(policyFor(policy, pods({ verb: 'create' }))).toEqual({
      level: 'Request',
      omitStages: ['RequestReceived', 'ResponseStarted'],
      omitManagedFields: false,
    });
    expect(policyFor(policy, pods())).toEqual({ level: 'Metadata', omitStages: ['RequestReceived'], omitManagedFields: true });
  });
});
