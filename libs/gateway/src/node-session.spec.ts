import { leases, namespaces, pods } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { EventCorrelator, type Informer } from '@stevedore/controllers';
import { silentLogger } from '@stevedore/log';
import type { AgentMessage__Output } from '@stevedore/proto';
import { MemoryStore, type StoredObject } from '@stevedore/store';
import { EventEmitter } from 'events';
import { Subject } from 'rxjs';
import { type ConnectCall, NodeSession } from './node-session';
import { PodRouter } from './pod-router';

/** A store whose pod writes wait until released: a node's status writes stuck in a backlog. */
class HeldPodWrites extends MemoryStore {
  release!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));

  override async update<T extends StoredObject>(key: string, object: T, expectedRevision: number): Promise<T> {
    if (key.startsWith('/pods/')) await this.held;
    return super.update(key, object, expectedRevision);
  }
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
};

describe('NodeSession', () => {
  it("renews the lease while the node's pod status writes are still waiting, and keeps those in order", async () => {
    const store = new HeldPodWrites();
    const registry = new ObjectRegistry(store);
    for (const name of ['default', 'kube-node-lease']) await registry.create(namespaces, undefined, { metadata: { name } });
    const pod = (
      await registry.create(pods, 'default', {
        metadata: { name: 'p' },
        spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
      })
    ).object;
    const call = Object.assign(new EventEmitter(), { write: () => true, writableEnded: false, destroyed: false }) as unknown as ConnectCall;
    const router = new PodRouter({ list: () => [], events: new Subject() } as unknown as Informer);
    const session = new NodeSession(
      'n1',
      call,
      registry,
      router,
      { heartbeatIntervalMs: 1, leaseRenewIntervalMs: 1, podCidrFor: async () => '', log: silentLogger },
      new EventCorrelator(registry),
    );
    const lease = () => registry.get(leases, 'kube-node-lease', 'n1').catch(() => undefined);
    const status = (phase: string) => ({
      kind: 'podStatus',
      podStatus: { namespace: 'default', name: 'p', uid: pod.metadata.uid, statusJson: JSON.stringify({ phase }) },
    });
    try {
      session.start({
        kind: 'register',
        register: { nodeJson: JSON.stringify({ metadata: { name: 'n1' }, status: {} }), wantsPeerRoutes: false },
      } as AgentMessage__Output);
      await until(async () => !!(await lease()));
      const registeredAt = (await lease())?.spec?.renewTime;
      call.emit('data', status('Pending'));
      call.emit('data', status('Running'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      call.emit('data', { kind: 'heartbeat' });
      await until(async () => (await lease())?.spec?.renewTime !== registeredAt);
      const current = () => registry.get(pods, 'default', 'p');
      expect((await current()).status?.phase).toBe('Pending'); // the initial status: the reports still wait
      store.release();
      await until(async () => (await current()).status?.phase === 'Running');
    } finally {
      session.close();
    }
  });
});
