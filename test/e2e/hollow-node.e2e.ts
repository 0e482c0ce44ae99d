// A hollow node (libs/agent/src/hollow) against an in-process gateway and registry: it registers,
// renews its lease and reports a bound pod Running. It lives here because it joins node and
// control-plane libraries, which no single library may import together.

import { startHollowNode } from '@stevedore/agent';
import { leases, namespaces, nodes, pods } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { Informer } from '@stevedore/controllers';
import { AgentGateway, NodeTokens, PodRouter } from '@stevedore/gateway';
import { silentLogger } from '@stevedore/log';
import { ensureClusterPki } from '@stevedore/pki';
import { MemoryStore } from '@stevedore/store';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The control plane's half a node talks to: registry over the MemoryStore and the agent gateway. */
async function controlPlane(dir: string) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  for (const name of ['default', 'kube-node-lease']) await registry.create(namespaces, undefined, { metadata: { name } });
  const podInformer = new Informer(store, pods);
  await podInformer.start();
  const pki = await ensureClusterPki(path.join(dir, 'pki'));
  const tokens = await NodeTokens.open(path.join(dir, 'pki', 'node-tokens.json'));
  const gateway = new AgentGateway(registry, new PodRouter(podInformer), tokens, {
    tls: { cert: pki.serverCert, key: pki.serverKey },
    heartbeatIntervalMs: 100,
    leaseRenewIntervalMs: 200,
    podCidrFor: async () => '198.19.7.0/24',
    log: silentLogger,
  });
  const port = await gateway.listen('127.0.0.1', 0);
  return {
    registry,
    tokens,
    caCert: pki.caCert,
    address: `127.0.0.1:${port}`,
    async close() {
      await gateway.close();
      podInformer.stop();
      await store.close();
    },
  };
}

describe('hollow node', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hollow-node-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('registers, renews its lease and reports a pod bound to it Running', async () => {
    const cp = await controlPlane(path.join(dir, 'cp'));
    const node = startHollowNode({
      address: cp.address,
      caCert: cp.caCert,
      nodeName: 'hollow-1',
      token: await cp.tokens.issue('hollow-1'),
      hostIP: '198.18.0.21',
      dataDir: path.join(dir, 'nodes'),
    });
    try {
      const registered = await until(async () => cp.registry.get(nodes, undefined, 'hollow-1'), 'the Node');
      expect(registered.metadata.labels?.['stevedore.io/hollow']).toBe('true');
      expect(registered.spec?.podCIDR).toBe('198.19.7.0/24');

      const renewTime = async () => (await cp.registry.get(leases, 'kube-node-lease', 'hollow-1')).spec?.renewTime;
      const first = await until(renewTime, 'the Lease');
      await until(async () => ((await renewTime()) !== first ? true : undefined), 'a renewed Lease');

      await cp.registry.create(pods, 'default', {
        metadata: { name: 'web' },
        spec: { nodeName: 'hollow-1', containers: [{ name: 'main', image: 'bench.local/pause:1' }] },
      });
      const running = await until(async () => {
        const pod = await cp.registry.get(pods, 'default', 'web');
        return pod.status?.phase === 'Running' ? pod : undefined;
      }, 'the pod Running');
      expect(running.status?.containerStatuses).toEqual([
        expect.objectContaining({ name: 'main', ready: true, state: { running: expect.anything() } }),
      ]);
      expect(running.status?.hostIP).toBe('198.18.0.21');
    } finally {
      node.stop();
      await cp.close();
    }
  });
});
