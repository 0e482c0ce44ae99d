import { events, namespaces, pods } from '@stevedore/api';
import { type ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import { EventCorrelator, Informer } from '@stevedore/controllers';
import { silentLogger } from '@stevedore/log';
import type { AgentMessage__Output, ServerMessage } from '@stevedore/proto';
import { MemoryStore } from '@stevedore/store';
import { EventEmitter } from 'events';
import { type ConnectCall, NodeSession } from './node-session';
import { snapshotParts } from './pod-messages';
import { PodRouter } from './pod-router';

const pod = (name: string, envBytes: number): ApiObject =>
  ({
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'BIG', value: 'x'.repeat(envBytes) }] }] },
  }) as ApiObject;

describe('snapshotParts', () => {
  it('splits pods into parts under the budget, in order, and sets aside pods over it', () => {
    const { parts, tooLarge } = snapshotParts([pod('a', 400), pod('b', 400), pod('huge', 5000), pod('c', 400)], 1000);
    expect(parts.map((part) => part.map((json) => JSON.parse(json).metadata.name))).toEqual([['a'], ['b'], ['c']]);
    expect(parts.every((part) => part.join('').length < 1000)).toBe(true);
    expect(tooLarge.map((e) => e.pod.metadata.name)).toEqual(['huge']);
  });

  it('leaves managedFields out of what goes to the node', () => {
    const owned = pod('a', 10);
    owned.metadata.managedFields = [{ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:spec': {} } }];
    const [[json]] = snapshotParts([owned], 100_000).parts as [[string]];
    expect(JSON.parse(json).metadata).toEqual({ name: 'a', namespace: 'default', uid: 'uid-a' });
    expect(owned.metadata.managedFields).toHaveLength(1);
  });

  it('puts small pods together and always gives one part, even for no pods', () => {
    expect(snapshotParts([pod('a', 10), pod('b', 10)], 100_000).parts).toHaveLength(1);
    expect(snapshotParts([], 100).parts).toEqual([[]]);
  });
});

const until = async (check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
};

describe('NodeSession with pods over the message limit', () => {
  it('sends the snapshot in parts and fails, with an event, the pod that cannot be sent', async () => {
    const store = new MemoryStore();
    const registry = new ObjectRegistry(store);
    for (const name of ['default', 'kube-node-lease']) await registry.create(namespaces, undefined, { metadata: { name } });
    for (const [name, size] of [
      ['a', 3000],
      ['b', 3000],
      ['huge', 9000],
    ] as const) {
      const { metadata, spec } = pod(name, size);
      await registry.create(pods, 'default', { metadata: { name: metadata.name }, spec });
    }
    const informer = new Informer(store, pods);
    await informer.start();
    const eventInformer = new Informer(store, events);
    await eventInformer.start();
    const sent: ServerMessage[] = [];
    const call = Object.assign(new EventEmitter(), {
      write: (m: ServerMessage) => sent.push(m),
      writableEnded: false,
      destroyed: false,
    }) as unknown as ConnectCall;
    const session = new NodeSession(
      'n1',
      call,
      registry,
      new PodRouter(informer),
      { heartbeatIntervalMs: 1000, leaseRenewIntervalMs: 1000, podCidrFor: async () => '', log: silentLogger, maxPayloadBytes: 5000 },
      new EventCorrelator(registry),
    );
    try {
      session.start({
        kind: 'register',
        register: { nodeJson: JSON.stringify({ metadata: { name: 'n1' }, status: {} }), wantsPeerRoutes: false },
      } as AgentMessage__Output);
      await until(() => sent.some((m) => m.snapshot && !m.snapshot.more));
      const parts = sent.filter((m) => m.snapshot).map((m) => m.snapshot!);
      expect(parts.map((p) => p.more)).toEqual([true, false]);
      expect(parts.flatMap((p) => p.podsJson!.map((j) => JSON.parse(j).metadata.name)).sort()).toEqual(['a', 'b']);
      await until(async () => (await registry.get(pods, 'default', 'huge')).status?.phase === 'Failed');
      const failed = await registry.get(pods, 'default', 'huge');
      expect(failed.status).toMatchObject({ reason: 'PodTooLarge', message: expect.stringContaining("over the node protocol's limit") });
      const tooLarge = () => eventInformer.list().find((e) => e.reason === 'PodTooLarge');
      await until(() => !!tooLarge());
      const event = tooLarge()!;
      expect(event).toMatchObject({ type: 'Warning', involvedObject: { kind: 'Pod', name: 'huge' } });
    } finally {
      session.close();
      informer.stop();
      eventInformer.stop();
      await store.close();
    }
  });
});
