import { promises as fs, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { ConfigSource } from './env';
import { refreshProjectedToken, writeProjectedVolume } from './projected-volumes';

const pod = { metadata: { name: 'web', namespace: 'team', uid: 'u1' }, spec: { serviceAccountName: 'default' } };
const projected = {
  defaultMode: 0o644,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
};

function source(tokens: string[]): ConfigSource {
  return {
    configMap: async () => ({ data: { 'ca.crt': 'CA PEM' } }),
    secret: async () => undefined,
    claim: async () => undefined,
    volume: async () => undefined,
    serviceAccountToken: async () => ({ token: tokens.shift()!, expirationTimestamp: new Date(1_000_000 + 1000_000).toISOString() }),
  };
}

describe('projected volumes', () => {
  it('write the token, the CA and the namespace, and refresh the token at 80 % of its life', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'proj-')), 'vol');
    const config = source(['first', 'second']);
    const refreshAt = await writeProjectedVolume(pod, projected, dir, config, 1_000_000);
    expect(refreshAt).toBe(1_000_000 + 800_000);
    expect(await fs.readFile(path.join(dir, 'token'), 'utf8')).toBe('first');
    expect(await fs.readFile(path.join(dir, 'ca.crt'), 'utf8')).toBe('CA PEM');
    expect(await fs.readFile(path.join(dir, 'namespace'), 'utf8')).toBe('team');
    await refreshProjectedToken(pod, projected, dir, config, 1_800_000);
    expect(await fs.readFile(path.join(dir, 'token'), 'utf8')).toBe('second');
    expect((await fs.readdir(dir)).sort()).toEqual(['ca.crt', 'namespace', 'token']);
  });
});
