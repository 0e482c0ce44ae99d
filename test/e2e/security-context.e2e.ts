// Security contexts with the real kubectl on the all-in-one cluster: what a container's PID 1
// holds (/proc/1/status: CapEff, CapBnd, NoNewPrivs, Seccomp, Uid, Gid, Groups) for the default,
// a restricted, an added-capability, a privileged and a Localhost-seccomp pod; the node's
// processes seen with hostPID; fsGroup on an emptyDir; a read-only root filesystem; and the
// refusals a node owes: runAsNonRoot against a root or a named image user, and hostUsers: false
// on a node whose runc cannot id-map mounts.

import { waitFor } from '@stevedore/testing';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { ClusterProcess } from './support/cluster-process';
import { applyManifest, type ClusterWithImages, startClusterWithImages, stopClusterWithImages } from './support/cluster-with-images';

jest.setTimeout(240_000);
const run = promisify(execFile);

/** The field of a /proc/<pid>/status text ("CapEff" → "00000000a80425fb"). */
const field = (status: string, name: string) =>
  status
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
    ?.slice(name.length + 1)
    .trim();

/** Pushes the busybox test image again with `User: nobody` (a name, not a number). */
async function pushNamedUserImage(layout: string, registryHost: string): Promise<string> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'secctx-'));
  try {
    await fs.cp(layout, path.join(work, 'layout'), { recursive: true });
    const copy = path.join(work, 'layout');
    await run('umoci', ['config', '--image', `${copy}:busybox`, '--tag', 'named-user', '--config.user', 'nobody']);
    const ref = `${registryHost}/test/named-user:1`;
    await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${copy}:named-user`, `docker://${ref}`]);
    return ref;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** A capability this machine's own bounding set lacks (CAP_SYS_RESOURCE on the test VM), if any. */
async function lackingCapability(): Promise<string | undefined> {
  const { ALL_CAPABILITIES, nodeCapabilities } = await import('@stevedore/runtime');
  const held = await nodeCapabilities();
  return ALL_CAPABILITIES.find((c) => !held.includes(c))?.replace(/^CAP_/, '');
}

describe('security contexts', () => {
  let setup: ClusterWithImages | undefined;
  let cluster: ClusterProcess;
  let busybox: string;

  const kubectl = (...args: string[]) => cluster.kubectl(...args);
  const statusOf = async (pod: string) => {
    const { code, stdout, stderr } = await kubectl('exec', pod, '--', 'cat', '/proc/1/status');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return stdout;
  };
  const sh = (pod: string, script: string) => kubectl('exec', pod, '--', 'sh', '-c', script);
  const waitRunning = (pod: string) =>
    waitFor(async () => (await kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.phase}')).stdout === 'Running', {
      timeoutMs: 60_000,
      what: `pod ${pod} running`,
    });
  const waitingOf = (pod: string) =>
    waitFor(
      async () => {
        const out = await kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state.waiting}');
        const waiting = out.stdout ? JSON.parse(out.stdout) : undefined;
        return waiting?.message ? (waiting as { reason: string; message: string }) : undefined;
      },
      { timeoutMs: 60_000, what: `pod ${pod} waiting with a message` },
    );
  const pod = (name: string, spec: string, image = busybox) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
${spec}
  containers:
  - name: c
    image: ${image}
    command: [sleep, '3600']
`;
  const withContainerSc = (yaml: string, sc: string) => yaml.replace('    command:', `    securityContext: ${sc}\n    command:`);

  beforeAll(async () => {
    setup = await startClusterWithImages();
    cluster = setup.cluster;
    busybox = setup.images.busybox;
    // A Localhost profile that refuses mkdir: proof that the node loaded this very file.
    const seccompDir = path.join(cluster.dataDir, 'agent', 'seccomp');
    await fs.mkdir(seccompDir, { recursive: true });
    await fs.writeFile(
      path.join(seccompDir, 'no-mkdir.json'),
      JSON.stringify({
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
      }),
    );
    const { testImageLayout } = await import('@stevedore/testing');
    const named = await pushNamedUserImage(await testImageLayout(), setup.registry.host);
    const manifests = [
      pod('plain', ''),
      withContainerSc(
        pod(
          'restricted',
          `  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000], seccompProfile: {type: RuntimeDefault}}
  volumes: [{name: data, emptyDir: {}}]`,
        ).replace('    command:', '    volumeMounts: [{name: data, mountPath: /data}]\n    command:'),
        '{runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}',
      ),
      withContainerSc(pod('caps', ''), '{capabilities: {add: [NET_ADMIN], drop: [CHOWN]}}'),
      withContainerSc(pod('privileged', ''), '{privileged: true}'),
      pod('hostpid', '  hostPID: true\n  hostIPC: true'),
      pod('localhost', '  securityContext: {seccompProfile: {type: Localhost, localhostProfile: no-mkdir.json}}'),
      withContainerSc(pod('unconfined', ''), '{seccompProfile: {type: Unconfined}}'),
      withContainerSc(pod('nonroot', ''), '{runAsNonRoot: true}'),
      withContainerSc(pod('named', '', named), '{runAsNonRoot: true}'),
      pod('userns', '  hostUsers: false'),
      pod('sysctl', "  securityContext: {sysctls: [{name: net.ipv4.ping_group_range, value: '0 2000'}]}"),
      pod('unsafe', "  securityContext: {sysctls: [{name: kernel.msgmax, value: '9000'}]}"),
      withContainerSc(pod('unmasked', ''), '{procMount: Unmasked}'),
      withContainerSc(pod('lacking', ''), `{capabilities: {add: [${(await lackingCapability()) ?? 'KILL'}]}}`),
    ];
    const applied = await applyManifest(cluster, 'pods', manifests.join('---\n'));
    expect(applied).toMatchObject({ code: 0, stderr: '' });
  });

  afterAll(async () => {
    expect(await stopClusterWithImages(setup)).toEqual([]);
  });

  it('gives a default container the runtime default set, seccomp, and privilege escalation as Kubernetes does', async () => {
    await waitRunning('plain');
    const status = await statusOf('plain');
    expect(field(status, 'CapEff')).toBe('00000000a80425fb');
    expect(field(status, 'NoNewPrivs')).toBe('0');
    expect(field(status, 'Seccomp')).toBe('2');
    expect(field(status, 'Uid')).toBe('0\t0\t0\t0');
  });

  it('runs a restricted container as its user and groups, with no capabilities, no_new_privs and a read-only root', async () => {
    await waitRunning('restricted');
    const status = await statusOf('restricted');
    expect(field(status, 'Uid')).toBe('1000\t1000\t1000\t1000');
    expect(field(status, 'Gid')).toBe('3000\t3000\t3000\t3000');
    expect(field(status, 'Groups')?.split(' ').map(Number).sort()).toEqual([2000, 3000, 4000]);
    expect(field(status, 'CapEff')).toBe('0000000000000000');
    expect(field(status, 'CapBnd')).toBe('0000000000000000');
    expect(field(status, 'NoNewPrivs')).toBe('1');
    expect(field(status, 'Seccomp')).toBe('2');
    const root = await sh('restricted', 'touch /newfile');
    expect(root.code).not.toBe(0);
    expect(root.stderr).toContain('Read-only file system');
    // fsGroup: the emptyDir belongs to group 2000 (setgid), so files made there do too.
    const data = await sh('restricted', 'touch /data/f && stat -c "%g %A" /data /data/f');
    expect(data).toMatchObject({ code: 0, stdout: '2000 drwxrwsrwx\n2000 -rw-r--r--\n' });
  });

  it('adds and drops named capabilities over the default set', async () => {
    await waitRunning('caps');
    // Default a80425fb, without CAP_CHOWN (bit 0), with CAP_NET_ADMIN (bit 12).
    expect(field(await statusOf('caps'), 'CapEff')).toBe('00000000a80435fa');
    // CAP_NET_ADMIN at work: changing a link of the pod's own network namespace.
    expect(await sh('caps', 'ip link set lo mtu 65535 && echo ok')).toMatchObject({ code: 0, stdout: 'ok\n' });
    await waitRunning('plain');
    expect(await sh('plain', 'ip link set lo mtu 65535')).toMatchObject({ code: 2, stderr: expect.stringContaining('not permitted') });
  });

  it('gives a privileged container every capability the node holds, its devices, no seccomp and a writable /sys', async () => {
    await waitRunning('privileged');
    const host = await fs.readFile('/proc/self/status', 'utf8');
    const status = await statusOf('privileged');
    expect(field(status, 'CapEff')).toBe(field(host, 'CapBnd'));
    expect(field(status, 'Seccomp')).toBe('0');
    expect(field(status, 'NoNewPrivs')).toBe('0');
    const hostDevices = (await fs.readdir('/dev')).filter((d) => /^(loop\d+|kmsg|loop-control)$/.test(d));
    expect(hostDevices.length).toBeGreaterThan(0);
    const inside = await sh('privileged', `ls /dev; grep ' /sys ' /proc/mounts`);
    for (const device of hostDevices) expect(inside.stdout.split('\n')).toContain(device);
    expect(inside.stdout).toMatch(/ \/sys sysfs rw,/);
    // An unprivileged container has none of them.
    expect((await sh('plain', 'ls /dev')).stdout.split('\n')).not.toContain(hostDevices[0]);
  });

  it("shares the node's PID and IPC namespaces with hostPID and hostIPC, and only then", async () => {
    await waitRunning('hostpid');
    await waitRunning('plain');
    const self = `/proc/${process.pid}`;
    expect(await sh('hostpid', `test -d ${self} && readlink /proc/self/ns/ipc`)).toMatchObject({
      code: 0,
      stdout: `${await fs.readlink('/proc/self/ns/ipc')}\n`,
    });
    expect((await sh('plain', `test -d ${self}`)).code).not.toBe(0);
    expect((await sh('plain', 'readlink /proc/self/ns/ipc')).stdout).not.toBe(`${await fs.readlink('/proc/self/ns/ipc')}\n`);
  });

  it('applies a Localhost seccomp profile from the agent folder, and none for Unconfined', async () => {
    await waitRunning('localhost');
    await waitRunning('unconfined');
    const refused = await sh('localhost', 'mkdir /tmp/x');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Operation not permitted');
    expect(field(await statusOf('localhost'), 'Seccomp')).toBe('2');
    expect(field(await statusOf('unconfined'), 'Seccomp')).toBe('0');
  });

  it("refuses runAsNonRoot against a root image or a named image user with the kubelet's messages", async () => {
    const root = await waitingOf('nonroot');
    expect(root.reason).toBe('CreateContainerConfigError');
    expect(root.message).toMatch(/^container has runAsNonRoot and image will run as root \(pod: "nonroot_default\(.+\)", container: c\)$/);
    const listed = await kubectl('get', 'pod', 'nonroot');
    expect(listed.stdout).toMatch(/nonroot\s+0\/1\s+CreateContainerConfigError/);
    const described = await kubectl('describe', 'pod', 'nonroot');
    expect(described.stdout).toContain('Error: container has runAsNonRoot and image will run as root');
    const named = await waitingOf('named');
    expect(named.reason).toBe('CreateContainerConfigError');
    expect(named.message).toContain('container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root');
  });

  it('refuses hostUsers: false with a clear event when the node cannot id-map mounts', async () => {
    const { stdout } = await run('runc', ['features']).catch(() => ({ stdout: '{}' }));
    const idmap = JSON.parse(stdout)?.linux?.mountExtensions?.idmap?.enabled === true;
    const waiting = await waitingOf('userns');
    // This runtime does not id-map its overlay root filesystems, so even an able runc is refused, saying why.
    expect(waiting.reason).toBe('CreateContainerError');
    expect(waiting.message).toContain('user namespaces (hostUsers: false) are not supported on this node');
    expect(waiting.message).toContain(idmap ? 'does not id-map its overlay' : 'runc cannot make id-mapped mounts');
    expect((await kubectl('describe', 'pod', 'userns')).stdout).toContain('user namespaces (hostUsers: false) are not supported');
  });

  it('writes safe sysctls in the pod namespaces and refuses unsafe ones', async () => {
    await waitRunning('sysctl');
    expect(await sh('sysctl', 'cat /proc/sys/net/ipv4/ping_group_range')).toMatchObject({ code: 0, stdout: '0\t2000\n' });
    const host = await fs.readFile('/proc/sys/net/ipv4/ping_group_range', 'utf8');
    expect(host).not.toBe('0\t2000\n');
    const unsafe = await waitingOf('unsafe');
    expect(unsafe).toEqual({ reason: 'CreateContainerConfigError', message: 'forbidden sysctl: "kernel.msgmax" not allowlisted' });
  });

  it('leaves /proc unmasked with procMount: Unmasked', async () => {
    await waitRunning('unmasked');
    await waitRunning('plain');
    // Masked and read-only paths are mounts over /proc/...: /proc/sys, /proc/keys, /proc/timer_list.
    const masked = async (pod: string) => Number((await sh(pod, "grep -c ' /proc/' /proc/mounts; true")).stdout);
    expect(await masked('plain')).toBeGreaterThanOrEqual(5);
    expect(await masked('unmasked')).toBe(0);
    expect((await sh('unmasked', "grep ' /proc/sys ' /proc/mounts")).code).not.toBe(0);
  });

  it('refuses a capability the node itself does not hold, naming it', async () => {
    const lacking = await lackingCapability();
    if (!lacking) {
      // A node holding every capability can grant any: the pod added KILL and runs.
      await waitRunning('lacking');
      return;
    }
    const waiting = await waitingOf('lacking');
    expect(waiting).toEqual({
      reason: 'CreateContainerError',
      message: `this node cannot grant CAP_${lacking}: its own bounding set lacks them`,
    });
  });
});
