import { configMaps, namespaces } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { backendOptions } from './backend-client';
import { EXTENSION_AUTHENTICATION, ensureExtensionAuthentication } from './extension-authentication';
import { type FrontProxy, loadFrontProxy, userFiles } from './front-proxy';

const NO_FLAGS = { requestheaderAllowedNames: ['front-proxy-client'] };

describe('front proxy', () => {
  let dir: string;
  let proxy: FrontProxy;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'front-proxy-'));
    proxy = await loadFrontProxy(NO_FLAGS, dir);
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it("takes the user's files only all three together", () => {
    expect(userFiles(NO_FLAGS)).toBeUndefined();
    expect(() => userFiles({ ...NO_FLAGS, proxyClientCertFile: '/a.crt', proxyClientKeyFile: '/a.key' })).toThrow(
      '--proxy-client-cert-file, --proxy-client-key-file, --requestheader-client-ca-file go together: give all three or none',
    );
    const all = { ...NO_FLAGS, proxyClientCertFile: '/a.crt', proxyClientKeyFile: '/a.key', requestheaderClientCaFile: '/ca.crt' };
    expect(userFiles(all)).toEqual({ cert: '/a.crt', key: '/a.key', ca: '/ca.crt' });
  });

  it('writes extension-apiserver-authentication as kube-apiserver does, and updates it when the CA changes', async () => {
    const registry = new ObjectRegistry(new MemoryStore());
    await registry.create(namespaces, undefined, {
      metadata: { name: 'kube-system' },
    });
    await ensureExtensionAuthentication(registry, 'CLUSTER CA', proxy);
    const { namespace, name } = EXTENSION_AUTHENTICATION;
    const stored = await registry.get(configMaps, namespace, name);
    expect(stored.data).toEqual({
      'client-ca-file': 'CLUSTER CA',
      'requestheader-client-ca-file': proxy.caCert,
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-username-headers': '["X-Remote-User"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    });
    await ensureExtensionAuthentication(registry, 'CLUSTER CA', proxy);
    expect((await registry.get(configMaps, namespace, name)).metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    await ensureExtensionAuthentication(registry, 'NEW CA', proxy);
    expect((await registry.get(configMaps, namespace, name)).data?.['client-ca-file']).toBe('NEW CA');
  });

  it('presents the front-proxy client certificate to a backend that requires one from the front-proxy CA', async () => {
    const server = https.createServer(
      { cert: proxy.clientCert, key: proxy.clientKey, ca: proxy.caCert, requestCert: true, rejectUnauthorized: true },
      (req, res) => res.end((req.socket as import('tls').TLSSocket).getPeerCertificate().subject.CN),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const api = {
      metadata: { name: 'v1.example.com' },
      spec: { insecureSkipTLSVerify: true, groupPriorityMinimum: 1000, versionPriority: 15 },
    };
    const ask = (client?: { cert: string; key: string }) =>
      new Promise<string>((resolve) => {
        https
          .get({ ...backendOptions(api, { host: '127.0.0.1', port, serverName: 'x' }, client), path: '/' }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d)).on('end', () => resolve(body));
          })
          .on('error', (err) => resolve(`error: ${err.message}`));
      });
    try {
      expect(await ask({ cert: proxy.clientCert, key: proxy.clientKey })).toBe('front-proxy-client');
      expect(await ask()).toMatch(/^error/);
    } finally {
      server.close();
    }
  });
});
