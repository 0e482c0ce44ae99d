import { PolicyError, parsePolicy } from './parse-policy';

const problems = (text: string): string => {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  throw new Error('the policy was accepted');
};

describe('parsePolicy', () => {
  it('reads a kube-apiserver policy with every rule field', () => {
    const policy = parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
omitManagedFields: true
rules:
  - level: Metadata
    resources: [{ group: "", resources: [secrets, configmaps] }]
  - level: RequestResponse
    users: [alice]
    userGroups: [dev]
    verbs: [create, patch]
    namespaces: [default]
    resources: [{ group: apps, resources: [deployments/scale], resourceNames: [web] }]
    omitStages: [ResponseStarted]
    omitManagedFields: false
  - level: None
    nonResourceURLs: [/healthz*, /version]
`);
    expect(policy.omitStages).toEqual(['RequestReceived']);
    expect(policy.omitManagedFields).toBe(true);
    expect(policy.rules).toHaveLength(3);
    expect(policy.rules[0]).toMatchObject({
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps'], resourceNames: [] }],
    });
    expect(policy.rules[1]).toMatchObject({
      users: ['alice'],
      userGroups: ['dev'],
      verbs: ['create', 'patch'],
      namespaces: ['default'],
      omitStages: ['ResponseStarted'],
      omitManagedFields: false,
    });
    expect(policy.rules[2]!.nonResourceURLs).toEqual(['/healthz*', '/version']);
    expect(policy.rules[0]!.omitManagedFields).toBeUndefined();
  });

  it('names the field of a bad level, stage or kind', () => {
    const message = problems(`
apiVersion: audit.k8s.io/v1beta1
kind: Policy
rules:
  - level: Everything
  - verbs: [get]
    omitStages: [Finished]
`);
    expect(message).toContain('policy.yaml: apiVersion: Unsupported value: "audit.k8s.io/v1beta1"');
    expect(message).toContain(
      'rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"',
    );
    expect(message).toContain('rules[1].level: Required value');
    expect(message).toContain('rules[1].omitStages[0]: Unsupported value: "Finished"');
  });

  it('refuses unknown fields, so a typo cannot silently change what is logged', () => {
    expect(problems('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{ level: None, resource: [pods] }]')).toContain(
      'rules[0].resource: Unknown field',
    );
  });

  it('refuses rules mixing resources and URLs, misplaced wildcards and names without resources', () => {
    const message = problems(`
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    nonResourceURLs: ["/api*/x", "healthz"]
    resources: [{ group: "apps/v1", resourceNames: [web] }]
`);
    expect(message).toContain(
      'rules[0].nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs',
    );
    expect(message).toContain(
      'rules[0].nonResourceURLs[0]: Invalid value: "/api*/x": non-resource URL wildcards \'*\' must be the final character',
    );
    expect(message).toContain('rules[0].nonResourceURLs[1]: Invalid value: "healthz": non-resource URL rules must begin with a \'/\'');
    expect(message).toContain('rules[0].resources[0].group: Invalid value: "apps/v1"');
    expect(message).toContain('rules[0].resources[0].resourceNames: Invalid value: using resourceNames requires at least one resource');
  });

  it('refuses a policy without rules, and text that is not YAML', () => {
    expect(problems('apiVersion: audit.k8s.io/v1\nkind: Policy\n')).toContain('rules: Required value');
    expect(problems('rules: [level: None')).toContain('policy.yaml: not valid YAML');
    expect(problems('- just\n- a list')).toContain('<root>: Invalid value: expected a Policy object');
  });
});
