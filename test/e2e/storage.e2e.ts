// Storage with the real kubectl on the all-in-one cluster: the default local-path class and its
// provisioner (data survives the pod; deleting the claim removes it), a static hostPath volume
// bound by class "" and selector (Retain keeps the data), claims that cannot bind, in-use
// protection, and emptyDir volumes in memory (a tmpfs) and with a size limit (eviction).

import { waitFor } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(180_000);

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** tmpfs mount points on the host under `dir`. */
async function tmpfsUnder(dir: string): Promise<string[]> {
  const info = await fs.readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .filter((line) => line.split(' - ')[1]?.startsWith('tmpfs '))
    .map((line) => line.split(' ')[4] ?? '')
    .filter((target) => target.startsWith(dir + path.sep));
}

describe('persistent volumes, claims and emptyDir limits', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
  });

  afterAll(async () => {
    // Pods are deleted gracefully first so the agent unmounts their tmpfs volumes itself.
    await cluster?.kubectl('delete', 'pods', '--all', '--grace-period=1', '--timeout=30s');
    const leftover = cluster ? await tmpfsUnder(cluster.dataDir) : [];
    expect(await stopClusterWithImages(setup)).toEqual([]);
    expect(leftover).toEqual([]);
  });

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const apply = (name: string, yaml: string) => applyManifest(cluster, name, yaml);
  const succeeds = async (run: Promise<{ code: number; stderr: string }>) => {
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  };
  const getJson = async (...args: string[]) => JSON.parse((await kubectl('get', ...args, '-o', 'json')).stdout || '{}');
  const volumesDir = () => path.join(cluster.dataDir, 'agent', 'volumes');
  const podYaml = (name: string, claim: string, command: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  restartPolicy: Never
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${claim}}}]
  containers:
  - name: main
    image: ${setup!.images.busybox}
    command: [sh, -c, '${command}']
    volumeMounts: [{name: data, mountPath: /data}]
`;
  const claimYaml = (name: string, extra = '', storage = '10Mi') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: ${storage}}}
${extra}`;
  const phaseOf = async (...args: string[]) => (await getJson(...args)).status?.phase;
  const waitPhase = (phase: string, ...args: string[]) =>
    waitFor(async () => (await phaseOf(...args)) === phase, { what: `${args.join(' ')} ${phase}`, timeoutMs: 60000 });
  const describes = (text: string, ...args: string[]) =>
    waitFor(async () => (await kubectl('describe', ...args)).stdout.includes(text), {
      what: `"${text}" on ${args.join(' ')}`,
      timeoutMs: 30000,
    });

  it('starts with local-path as the default StorageClass', async () => {
    const out = (await kubectl('get', 'sc')).stdout;
    expect(out).toMatch(/^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\s*$/m);
    expect(out).toMatch(/^local-path \(default\)\s+stevedore\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+/m);
  });

  it('provisions a claim of the default class for its first pod, and keeps the data for the next pod', async () => {
    await succeeds(apply('data', claimYaml('data')));
    expect((await getJson('pvc', 'data')).spec.storageClassName).toBe('local-path');
    await describes('waiting for first consumer to be created before binding', 'pvc', 'data');
    expect(await phaseOf('pvc', 'data')).toBe('Pending');

    await succeeds(apply('writer', podYaml('writer', 'data', 'echo kept > /data/file && sleep 3600')));
    await waitPhase('Running', 'pod', 'writer');
    const claim = await getJson('pvc', 'data');
    expect(claim.status.phase).toBe('Bound');
    expect(claim.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.kubernetes.io/selected-node': expect.any(String),
      'volume.kubernetes.io/storage-provisioner': 'stevedore.io/local-path',
    });
    const pvName = `pvc-${claim.metadata.uid}`;
    expect(claim.spec.volumeName).toBe(pvName);
    const pv = await getJson('pv', pvName);
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'local-path' });
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key).toBe('kubernetes.io/hostname');
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('stevedore.io/local-path');
    await waitFor(async () => exists(path.join(volumesDir(), pvName, 'file')), { what: 'the file on the node', timeoutMs: 20000 });

    const table = (await kubectl('get', 'pv,pvc')).stdout;
    expect(table).toMatch(
      /NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE/,
    );
    expect(table).toMatch(
      new RegExp(`persistentvolume/${pvName}\\s+10Mi\\s+RWO\\s+Delete\\s+Bound\\s+default/data\\s+local-path\\s+<unset>`),
    );
    expect(table).toMatch(/NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE/);
    expect(table).toMatch(new RegExp(`persistentvolumeclaim/data\\s+Bound\\s+${pvName}\\s+10Mi\\s+RWO\\s+local-path\\s+<unset>`));

    await succeeds(kubectl('delete', 'pod', 'writer', '--grace-period=1'));
    await succeeds(apply('reader', podYaml('reader', 'data', 'cat /data/file && sleep 3600')));
    await waitFor(async () => (await kubectl('logs', 'reader')).stdout.includes('kept'), { what: 'the reader log', timeoutMs: 60000 });
  });

  it('keeps a claim in use until its pod is gone, then deletes the volume and its data (reclaim Delete)', async () => {
    const claim = await getJson('pvc', 'data');
    const dataDir = path.join(volumesDir(), claim.spec.volumeName);
    await succeeds(kubectl('delete', 'pvc', 'data', '--wait=false'));
    const terminating = await getJson('pvc', 'data');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.metadata.finalizers).toContain('kubernetes.io/pvc-protection');
    expect((await kubectl('get', 'pvc', 'data')).stdout).toMatch(/^data\s+Terminating\s+pvc-/m);
    await succeeds(kubectl('delete', 'pod', 'reader', '--grace-period=1'));
    await waitFor(async () => (await kubectl('get', 'pvc', 'data')).code !== 0, { what: 'the claim gone', timeoutMs: 30000 });
    await waitFor(async () => (await kubectl('get', 'pv', claim.spec.volumeName)).code !== 0, {
      what: 'the volume gone',
      timeoutMs: 30000,
    });
    await waitFor(async () => !(await exists(dataDir)), { what: 'the data directory gone', timeoutMs: 40000 });
  });

  it("keeps the file in a StatefulSet pod's volume after kubectl delete pod", async () => {
    await succeeds(
      apply(
        'web',
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - {name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"], volumeMounts: [{name: www, mountPath: /www}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
`,
      ),
    );
    await waitPhase('Running', 'pod', 'web-1');
    expect(await phaseOf('pvc', 'www-web-1')).toBe('Bound');
    await succeeds(kubectl('exec', 'web-1', '--', 'sh', '-c', 'echo web-1 > /www/index.html'));
    const uid = (await getJson('pod', 'web-1')).metadata.uid;
    await succeeds(kubectl('delete', 'pod', 'web-1', '--grace-period=1'));
    await waitFor(async () => (await getJson('pod', 'web-1')).metadata?.uid !== uid && (await phaseOf('pod', 'web-1')) === 'Running', {
      what: 'web-1 back',
      timeoutMs: 60000,
    });
    expect((await kubectl('exec', 'web-1', '--', 'cat', '/www/index.html')).stdout).toBe('web-1\n');
    await succeeds(kubectl('delete', 'sts', 'web'));
  });

  it('binds a static hostPath volume by class "" and selector, and keeps it Released with its data (Retain)', async () => {
    const hostDir = path.join(cluster.dataDir, 'static-gold');
    const pvYaml = (name: string, size: string, labels: string, dir: string) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}, labels: {${labels}}}
spec:
  capacity: {storage: ${size}}
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  hostPath: {path: ${dir}, type: DirectoryOrCreate}
`;
    await succeeds(apply('pv-small', pvYaml('static-small', '20Mi', 'tier: bronze', path.join(cluster.dataDir, 'static-bronze'))));
    await succeeds(apply('pv-gold', pvYaml('static-gold', '50Mi', 'tier: gold', hostDir)));
    await waitPhase('Available', 'pv', 'static-gold');
    await succeeds(apply('gold', claimYaml('gold', '  storageClassName: ""\n  selector: {matchLabels: {tier: gold}}\n')));
    await waitPhase('Bound', 'pvc', 'gold');
    expect((await getJson('pvc', 'gold')).spec.volumeName).toBe('static-gold');
    expect(await phaseOf('pv', 'static-small')).toBe('Available');
    const pv = await getJson('pv', 'static-gold');
    expect(pv.spec.claimRef).toMatchObject({ namespace: 'default', name: 'gold' });
    expect(pv.metadata.annotations['pv.kubernetes.io/bound-by-controller']).toBe('yes');

    await succeeds(apply('gold-writer', podYaml('gold-writer', 'gold', 'echo gold > /data/file')));
    await waitPhase('Succeeded', 'pod', 'gold-writer');
    await succeeds(kubectl('delete', 'pod', 'gold-writer'));
    await succeeds(kubectl('delete', 'pvc', 'gold'));
    await waitPhase('Released', 'pv', 'static-gold');
    expect(await fs.readFile(path.join(hostDir, 'file'), 'utf8')).toBe('gold\n');
  });

  it('leaves claims that cannot bind Pending with an event saying why', async () => {
    await succeeds(apply('huge', claimYaml('huge', '  storageClassName: ""\n', '1Gi')));
    await describes('no persistent volumes available for this claim and no storage class is set', 'pvc', 'huge');
    await succeeds(apply('nope', claimYaml('nope', '  storageClassName: nope\n')));
    await describes('storageclass.storage.k8s.io "nope" not found', 'pvc', 'nope');
    expect(await phaseOf('pvc', 'huge')).toBe('Pending');
    expect(await phaseOf('pvc', 'nope')).toBe('Pending');
    await succeeds(apply('ghost-user', podYaml('ghost-user', 'ghost', 'true')));
    await describes('persistentvolumeclaim "ghost" not found', 'pod', 'ghost-user');
    await succeeds(apply('huge-user', podYaml('huge-user', 'huge', 'true')));
    await describes('pod has unbound immediate PersistentVolumeClaims', 'pod', 'huge-user');
    expect((await kubectl('delete', 'pod', 'ghost-user', 'huge-user', '--grace-period=0', '--force')).code).toBe(0);
  });

  it('mounts an emptyDir of medium Memory as a tmpfs, keeps it across an agent restart, and unmounts it with the pod', async () => {
    await succeeds(
      apply(
        'memory',
        `apiVersion: v1
kind: Pod
metadata: {name: memory}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: cache, emptyDir: {medium: Memory, sizeLimit: 8Mi}}]
  containers:
  - {name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"], volumeMounts: [{name: cache, mountPath: /cache}]}
`,
      ),
    );
    await waitPhase('Running', 'pod', 'memory');
    const mounts = (await kubectl('exec', 'memory', '--', 'cat', '/proc/mounts')).stdout;
    expect(mounts).toMatch(/^tmpfs \/cache tmpfs .*size=8192k/m);
    const uid = (await getJson('pod', 'memory')).metadata.uid;
    expect(await tmpfsUnder(path.join(cluster.dataDir, 'agent', 'pods', uid))).toHaveLength(1);
    // A restarted agent takes the pod over with its tmpfs as it was: mounted once, content kept.
    await succeeds(kubectl('exec', 'memory', '--', 'sh', '-c', 'echo cached > /cache/file'));
    await cluster.stop('SIGKILL');
    await cluster.restart();
    await waitFor(async () => (await kubectl('exec', 'memory', '--', 'cat', '/cache/file')).stdout === 'cached\n', {
      what: 'the cached file after the restart',
      timeoutMs: 30000,
    });
    expect(await tmpfsUnder(path.join(cluster.dataDir, 'agent', 'pods', uid))).toHaveLength(1);
    await succeeds(kubectl('delete', 'pod', 'memory', '--grace-period=1'));
    expect(await tmpfsUnder(path.join(cluster.dataDir, 'agent', 'pods', uid))).toEqual([]);
  });

  it('evicts a pod whose emptyDir grows past its sizeLimit', async () => {
    await succeeds(
      apply(
        'hog',
        `apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: scratch, emptyDir: {sizeLimit: 1Mi}}]
  containers:
  - name: main
    image: ${setup!.images.busybox}
    command: [sh, -c, 'dd if=/dev/zero of=/scratch/fill bs=1024 count=3072 && sleep 3600']
    volumeMounts: [{name: scratch, mountPath: /scratch}]
`,
      ),
    );
    const status = await waitFor(
      async () => {
        const pod = await getJson('pod', 'hog');
        return pod.status?.phase === 'Failed' ? pod.status : undefined;
      },
      { what: 'the pod evicted', timeoutMs: 60000 },
    );
    expect(status).toMatchObject({ reason: 'Evicted', message: 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi".' });
  });
});

describe('a node short of disk space', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;

  beforeAll(async () => {
    // Every disk has less than 100 % free: the node is under disk pressure from the start.
    setup = await startClusterWithImages(['--min-free-disk-percent', '100']);
    cluster = setup.cluster;
  });

  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const describes = (text: string, ...args: string[]) =>
    waitFor(async () => (await kubectl('describe', ...args)).stdout.includes(text), {
      what: `"${text}" on ${args.join(' ')}`,
      timeoutMs: 30000,
    });

  it('reports DiskPressure, and the provisioner and the scheduler keep new volumes off it', async () => {
    const node = await waitFor(
      async () => {
        const nodes = JSON.parse((await kubectl('get', 'nodes', '-o', 'json')).stdout).items;
        const pressure = nodes[0]?.status.conditions.find((c: { type: string }) => c.type === 'DiskPressure');
        return pressure?.status === 'True' ? nodes[0].metadata.name : undefined;
      },
      { what: 'DiskPressure=True', timeoutMs: 30000 },
    );
    const manifest = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: now}
provisioner: stevedore.io/local-path
volumeBindingMode: Immediate
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: at-once}
spec:
  storageClassName: now
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Mi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: later}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  volumes: [{name: data, persistentVolumeClaim: {claimName: later}}]
  containers: [{name: main, image: ${setup!.images.busybox}, command: [sleep, "3600"], volumeMounts: [{name: data, mountPath: /data}]}]
`;
    expect((await applyManifest(cluster, 'pressure', manifest)).code).toBe(0);
    await describes(`node "${node}" has disk pressure: no new volumes are provisioned there`, 'pvc', 'at-once');
    await describes("1 node(s) didn't find available persistent volumes to bind", 'pod', 'user');
    const claims = JSON.parse((await kubectl('get', 'pvc', '-o', 'json')).stdout).items;
    expect(claims.map((c: { status: { phase: string } }) => c.status.phase)).toEqual(['Pending', 'Pending']);
    expect(JSON.parse((await kubectl('get', 'pv', '-o', 'json')).stdout).items).toEqual([]);
  });
});
