// StatefulSets and ControllerRevisions with the real kubectl on the all-in-one cluster: ordered
// start, stable names and hostnames, scale-down from the top, a partitioned rolling update,
// `kubectl rollout status|history|undo|restart`, a broken image that halts the rollout, claims
// made per ordinal and kept after scale-down, and a DaemonSet's rollout history.

import { waitFor } from '@stevedore/testing';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);

interface PodJson {
  metadata: { name: string; uid: string; creationTimestamp: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec: { containers: { image: string; env?: { name: string; value?: string }[] }[] };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
  };
}

describe('StatefulSets', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = (name: string, yaml: string) => applyManifest(cluster, name, yaml);
  const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
  const succeeds = async (run: Promise<{ code: number; stdout: string; stderr: string }>) => {
    const { code, stdout, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return stdout;
  };
  const pods = async (app: string): Promise<Map<string, PodJson>> =>
    new Map(((await getJson('pods', '-l', `app=${app}`)).items as PodJson[]).map((p) => [p.metadata.name, p]));
  const ready = (p: PodJson | undefined) => p?.status?.conditions?.find((c) => c.type === 'Ready');
  const isReady = (p: PodJson | undefined) => !!p && !p.metadata.deletionTimestamp && ready(p)?.status === 'True';
  const revisionOf = (p: PodJson | undefined) => p?.metadata.labels?.['controller-revision-hash'];
  const rolledOut = async (target: string) => succeeds(kubectl('rollout', 'status', target, '--timeout=90s'));

  const webYaml = () => `apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: web, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${setup!.images.busybox}
        command: [sleep, "3600"]
        readinessProbe: {exec: {command: ["true"]}, initialDelaySeconds: 2, periodSeconds: 1}
`;

  it('starts pods in order, each only after the one before is Ready, with stable hostnames', async () => {
    await succeeds(apply('web', webYaml()));
    const status = await rolledOut('statefulset/web');
    expect(status).toContain('partitioned roll out complete: 3 new pods have been updated');
    const all = await pods('web');
    expect([...all.keys()].sort()).toEqual(['web-0', 'web-1', 'web-2']);
    for (const [prev, next] of [
      ['web-0', 'web-1'],
      ['web-1', 'web-2'],
    ] as const) {
      const readyAt = Date.parse(ready(all.get(prev))!.lastTransitionTime!);
      expect(Date.parse(all.get(next)!.metadata.creationTimestamp)).toBeGreaterThanOrEqual(readyAt);
    }
    expect(all.get('web-1')!.metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect((await succeeds(kubectl('exec', 'web-1', '--', 'hostname'))).trim()).toBe('web-1');
    expect(await succeeds(kubectl('get', 'sts', 'web'))).toMatch(/^web\s+3\/3\s+\S+\s*$/m);
    const described = await succeeds(kubectl('describe', 'sts', 'web'));
    expect(described).toMatch(/^Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(described).toMatch(/SuccessfulCreate\s+.*create Pod web-2 in StatefulSet web successful/);
  });

  it('recreates a deleted pod under the same name', async () => {
    const before = (await pods('web')).get('web-1')!;
    await succeeds(kubectl('delete', 'pod', 'web-1', '--wait=false'));
    await waitFor(
      async () => {
        const again = (await pods('web')).get('web-1');
        return again && again.metadata.uid !== before.metadata.uid && isReady(again);
      },
      { what: 'web-1 back and Ready', timeoutMs: 60000 },
    );
    expect([...(await pods('web')).keys()].sort()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('updates only the pods at or above the partition, then the rest', async () => {
    const old = await pods('web');
    const oldRevision = revisionOf(old.get('web-0'));
    await succeeds(kubectl('patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'));
    await succeeds(kubectl('set', 'env', 'sts/web', 'VERSION=2'));
    expect(await rolledOut('statefulset/web')).toContain('partitioned roll out complete: 1 new pods have been updated');
    const partial = await pods('web');
    const newRevision = revisionOf(partial.get('web-2'));
    expect(newRevision).not.toBe(oldRevision);
    expect([revisionOf(partial.get('web-0')), revisionOf(partial.get('web-1'))]).toEqual([oldRevision, oldRevision]);
    expect(partial.get('web-1')!.metadata.uid).toBe(old.get('web-1')!.metadata.uid);
    const sts = await getJson('sts', 'web');
    expect(sts.status).toMatchObject({ currentRevision: oldRevision, updateRevision: newRevision, updatedReplicas: 1 });

    await succeeds(kubectl('patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'));
    await rolledOut('statefulset/web');
    await waitFor(async () => (await getJson('sts', 'web')).status?.currentRevision === newRevision, {
      what: 'the update to become current',
    });
    const updated = await pods('web');
    expect([...updated.values()].map(revisionOf)).toEqual([newRevision, newRevision, newRevision]);
    expect(updated.get('web-0')!.spec.containers[0]!.env).toEqual([{ name: 'VERSION', value: '2' }]);
  });

  it('lists the revisions with kubectl rollout history, and rolls back with undo', async () => {
    const history = await succeeds(kubectl('rollout', 'history', 'statefulset/web'));
    expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE\s*$/m);
    expect(history).toMatch(/^1\s+<none>\s*$/m);
    expect(history).toMatch(/^2\s+<none>\s*$/m);
    expect(await succeeds(kubectl('get', 'controllerrevisions'))).toMatch(/^web-\S+\s+statefulset\.apps\/web\s+2\s+\S+\s*$/m);
    expect(await succeeds(kubectl('rollout', 'history', 'statefulset/web', '--revision=2'))).toContain('VERSION:\t2');

    expect(await succeeds(kubectl('rollout', 'undo', 'statefulset/web'))).toContain('statefulset.apps/web rolled back');
    await rolledOut('statefulset/web');
    await waitFor(
      async () => {
        const all = [...(await pods('web')).values()];
        return all.length === 3 && all.every((p) => isReady(p) && !p.spec.containers[0]!.env);
      },
      { what: 'every pod back on the first template', timeoutMs: 90000 },
    );
    const after = await succeeds(kubectl('rollout', 'history', 'statefulset/web'));
    expect(after).toMatch(/^2\s/m);
    expect(after).toMatch(/^3\s/m);
    expect(after).not.toMatch(/^1\s/m);
  });

  it('restarts every pod with kubectl rollout restart', async () => {
    const before = await pods('web');
    await succeeds(kubectl('rollout', 'restart', 'statefulset/web'));
    await waitFor(
      async () => {
        const all = await pods('web');
        return [...before.entries()].every(([name, p]) => all.get(name)?.metadata.uid !== p.metadata.uid && isReady(all.get(name)));
      },
      { what: 'every pod replaced and Ready', timeoutMs: 90000 },
    );
  });

  it('scales down from the highest ordinal', async () => {
    const before = await pods('web');
    await succeeds(kubectl('scale', 'sts', 'web', '--replicas=2'));
    await waitFor(async () => !(await pods('web')).has('web-2'), { what: 'web-2 gone', timeoutMs: 60000 });
    const after = await pods('web');
    expect([...after.keys()].sort()).toEqual(['web-0', 'web-1']);
    expect(after.get('web-1')!.metadata.uid).toBe(before.get('web-1')!.metadata.uid);
    expect(after.get('web-0')!.metadata.uid).toBe(before.get('web-0')!.metadata.uid);
  });

  it('halts a rollout at a pod that cannot start, leaving the older pods running', async () => {
    const before = await pods('web');
    await succeeds(kubectl('set', 'image', 'sts/web', `main=${setup!.registry.host}/missing/image:1`));
    const broken = await waitFor(
      async () => {
        const p = (await pods('web')).get('web-1');
        const reason = p?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        return p && p.metadata.uid !== before.get('web-1')!.metadata.uid && /ErrImagePull|ImagePullBackOff/.test(reason ?? '') && p;
      },
      { what: 'web-1 replaced by a pod that cannot pull', timeoutMs: 60000 },
    );
    expect(broken.spec.containers[0]!.image).toContain('missing/image');
    // Several looks over a few seconds: web-0 is never touched while web-1 cannot start.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const web0 = (await pods('web')).get('web-0');
      expect(web0?.metadata.uid).toBe(before.get('web-0')!.metadata.uid);
      expect(isReady(web0)).toBe(true);
    }
    const status = await kubectl('rollout', 'status', 'statefulset/web', '--timeout=2s');
    expect(status.code).not.toBe(0);
    expect((await getJson('sts', 'web')).status).toMatchObject({ readyReplicas: 1, updatedReplicas: 1 });
  });

  it('makes one claim per ordinal from volumeClaimTemplates and keeps it after scale-down', async () => {
    await succeeds(
      apply(
        'db',
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${setup!.images.busybox}
        command: [sleep, "3600"]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data, labels: {tier: storage}}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Mi}}
`,
      ),
    );
    const claims = await waitFor(
      async () => {
        const items = (await getJson('pvc', '-l', 'app=db')).items ?? [];
        return items.length === 2 && items;
      },
      { what: 'two claims', timeoutMs: 30000 },
    );
    expect(claims.map((c: { metadata: { name: string } }) => c.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1']);
    expect(claims[0].metadata.labels).toEqual({ app: 'db', tier: 'storage' });
    const pod = (await pods('db')).get('db-1');
    expect(pod).toBeDefined();
    expect((await getJson('pod', 'db-1')).spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } });

    await succeeds(kubectl('scale', 'sts', 'db', '--replicas=1'));
    await waitFor(async () => !(await pods('db')).has('db-1'), { what: 'db-1 gone', timeoutMs: 60000 });
    expect(await succeeds(kubectl('get', 'pvc', 'data-db-1', '-o', 'name'))).toContain('persistentvolumeclaim/data-db-1');
  });

  it('deletes the claims of scaled-away ordinals under whenScaled: Delete', async () => {
    await succeeds(
      apply(
        'cache',
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
  replicas: 2
  podManagementPolicy: Parallel
  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"], volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
`,
      ),
    );
    const claimNames = async () =>
      ((await getJson('pvc', '-l', 'app=cache')).items ?? []).map((c: { metadata: { name: string } }) => c.metadata.name).sort();
    await waitFor(async () => (await claimNames()).length === 2 && (await pods('cache')).size === 2, { what: 'two claims and pods' });
    await succeeds(kubectl('scale', 'sts', 'cache', '--replicas=1'));
    await waitFor(async () => (await claimNames()).join() === 'data-cache-0', { what: 'data-cache-1 deleted', timeoutMs: 60000 });
    expect([...(await pods('cache')).keys()]).toEqual(['cache-0']);
  });

  it("keeps a DaemonSet's templates as revisions for kubectl rollout history", async () => {
    await succeeds(
      apply(
        'logd',
        `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logd}
spec:
  selector: {matchLabels: {app: logd}}
  template:
    metadata: {labels: {app: logd}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"]}]
`,
      ),
    );
    await rolledOut('daemonset/logd');
    await succeeds(kubectl('set', 'env', 'ds/logd', 'LEVEL=debug'));
    await rolledOut('daemonset/logd');
    const history = await succeeds(kubectl('rollout', 'history', 'daemonset/logd'));
    expect(history).toMatch(/^1\s+<none>\s*$/m);
    expect(history).toMatch(/^2\s+<none>\s*$/m);
    expect(await succeeds(kubectl('get', 'controllerrevisions', '-l', 'app=logd'))).toMatch(/^logd-\S+\s+daemonset\.apps\/logd\s+2\s/m);
    expect(await succeeds(kubectl('rollout', 'undo', 'daemonset/logd'))).toContain('daemonset.apps/logd rolled back');
    await rolledOut('daemonset/logd');
    const pod = [...(await pods('logd')).values()].find((p) => !p.metadata.deletionTimestamp);
    expect(pod).toBeDefined();
    expect(pod!.spec.containers[0]!.env).toBeUndefined();
  });
});
