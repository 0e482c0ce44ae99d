import { randomBytes } from 'crypto';
import { EncryptionConfigError, parseEncryptionConfig } from './encryption-config';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');

function config(resources: string): string {
  return `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n${resources}`;
}

function problems(text: string): string[] {
  try {
    parseEncryptionConfig(text, 'enc.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(EncryptionConfigError);
    expect((err as Error).message).toMatch(/^invalid encryption provider config enc\.yaml: /);
    return (err as EncryptionConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('parseEncryptionConfig', () => {
  it('maps resources to their providers, first rule first, wildcards included', () => {
    const parsed = parseEncryptionConfig(
      config(`  - resources: [secrets, deployments.apps]
    providers:
      - aescbc: {keys: [{name: key1, secret: ${key()}}]}
      - identity: {}
  - resources: ["*.batch", "*."]
    providers:
      - secretbox: {keys: [{name: s1, secret: ${key()}}]}
  - resources: ["*.*"]
    providers:
      - aesgcm: {keys: [{name: g1, secret: ${key(16)}}, {name: g0, secret: ${key(24)}}]}
`),
      'enc.yaml',
    );
    const kinds = (group: string, resource: string) => parsed.chainFor({ group, resource })?.providers.map((p) => p.kind);
    expect(kinds('', 'secrets')).toEqual(['aescbc', 'identity']);
    expect(kinds('apps', 'deployments')).toEqual(['aescbc', 'identity']);
    expect(kinds('batch', 'jobs')).toEqual(['secretbox']);
    expect(kinds('', 'configmaps')).toEqual(['secretbox']);
    expect(kinds('apps', 'daemonsets')).toEqual(['aesgcm', 'aesgcm']);
    expect(parsed.chainFor({ group: '', resource: 'secrets' })?.readsPlaintext).toBe(true);
  });

  it('leaves resources nobody names unencrypted', () => {
    const parsed = parseEncryptionConfig(
      config(`  - resources: [secrets]\n    providers: [{aescbc: {keys: [{name: k, secret: ${key()}}]}}]\n`),
      'x',
    );
    expect(parsed.chainFor({ group: '', resource: 'configmaps' })).toBeUndefined();
    expect(parsed.chainFor({ group: 'example.com', resource: 'secrets' })).toBeUndefined();
  });

  it('refuses kms with a clear message', () => {
    expect(
      problems(config(`  - resources: [secrets]\n    providers: [{kms: {apiVersion: v2, name: x, endpoint: unix:///k.sock}}]\n`)),
    ).toEqual(['resources[0].providers[0].kms: Unsupported value: stevedore has no KMS plugin support; use aescbc, aesgcm or secretbox']);
  });

  it('refuses keys of the wrong size, bad base64, duplicate and missing names, without echoing secrets', () => {
    const secret = key(10);
    const found = problems(
      config(`  - resources: [secrets]
    providers:
      - aescbc: {keys: [{name: a, secret: ${secret}}, {name: a, secret: ${key()}}, {secret: ${key()}}, {name: "b:c", secret: "not base64!"}]}
      - secretbox: {keys: [{name: s, secret: ${key(16)}}]}
`),
    );
    expect(found).toEqual([
      'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 10, expected one of [16 24 32] bytes for aescbc',
      'resources[0].providers[0].aescbc.keys[2].name: Required value',
      `resources[0].providers[0].aescbc.keys[3].name: Invalid value: "b:c": must not contain ':'`,
      'resources[0].providers[0].aescbc.keys[3].secret: Invalid value: "REDACTED": must be base64',
      'resources[0].providers[1].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32] bytes for secretbox',
    ]);
    expect(found.join(' ')).not.toContain(secret);
  });

  it('reports a duplicate key name once its first use was valid', () => {
    expect(
      problems(
        config(`  - resources: [secrets]\n    providers: [{aescbc: {keys: [{name: a, secret: ${key()}}, {name: a, secret: ${key()}}]}}]\n`),
      ),
    ).toEqual(['resources[0].providers[0].aescbc.keys[1].name: Duplicate value: "a"']);
  });

  it('refuses the wrong kind, empty lists, bad resource names, duplicates and two providers in one entry', () => {
    expect(problems('apiVersion: v1\nkind: ConfigMap\nresources: []\n')).toEqual([
      'apiVersion/kind: must be apiserver.config.k8s.io/v1 EncryptionConfiguration, not v1 ConfigMap',
      'resources: Required value: at least one entry is needed',
    ]);
    const found = problems(
      config(`  - resources: ["*", Secrets, secrets, secrets, "deployments.*"]
    providers: [{identity: {}, aescbc: {keys: [{name: k, secret: ${key()}}]}}]
  - resources: [configmaps]
    providers: []
`),
    );
    expect(found).toEqual([
      'resources[0].resources[0]: Invalid value: "*": use "*." for every resource of the core group or "*.*" for all resources',
      'resources[0].resources[1]: Invalid value: "Secrets": must be a lowercase resource, resource.group, *.group, *. or *.*',
      'resources[0].resources[3]: Duplicate value: "secrets" is listed twice',
      'resources[0].resources[4]: Invalid value: "deployments.*": must be a lowercase resource, resource.group, *.group, *. or *.*',
      'resources[0].providers[0]: Invalid value: ["identity","aescbc"]: exactly one provider must be set, one of aescbc, aesgcm, secretbox, identity, kms',
      'resources[1].providers: Required value: at least one provider is needed',
    ]);
  });

  it('refuses text that is not YAML', () => {
    expect(problems('resources: [unclosed')[0]).toMatch(/^not YAML or JSON: /);
  });
});
