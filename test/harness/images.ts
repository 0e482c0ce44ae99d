// Test images built from the host's busybox-static with umoci (OCI layout) and pushed with
// skopeo. They are built once per machine into a cache (under a temp name, then renamed), and
// only pushed per test run.
import { execFile, execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { RunningRegistry } from './registry';

const run = promisify(execFile);
const CACHE_ROOT = '/var/tmp/stevedore-test-images';
const RECIPE_VERSION = 'v3';

export interface TestImages {
  busybox: string;
  /** Three layers: the second deletes /etc/motd and replaces the directory /opt/data with a file. */
  multilayer: string;
  /** Two images sharing the busybox base layer, each adding its own file (/a.txt, /b.txt). */
  sharedA: string;
  sharedB: string;
  /** Serves /www/index.html ("hello from stevedore") with busybox httpd on port 8080. */
  web: string;
}

async function umoci(...args: string[]): Promise<void> {
  await run('umoci', args, { maxBuffer: 16 << 20 });
}

/** A root filesystem of the host's static busybox (every applet), users and a few marker files. */
export async function writeBusyboxRootfs(rootfs: string): Promise<void> {
  await fs.mkdir(path.join(rootfs, 'bin'), { recursive: true });
  await fs.mkdir(path.join(rootfs, 'etc'), { recursive: true });
  await fs.mkdir(path.join(rootfs, 'tmp'), { recursive: true, mode: 0o1777 });
  await fs.copyFile('/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
  await fs.chmod(path.join(rootfs, 'bin', 'busybox'), 0o755);
  const applets = execFileSync('/bin/busybox', ['--list'])
    .toString()
    .split('\n')
    .filter((a) => a && a !== 'busybox');
  for (const a of applets) await fs.symlink('busybox', path.join(rootfs, 'bin', a)).catch(() => undefined);
  await fs.writeFile(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  await fs.writeFile(path.join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  await fs.writeFile(path.join(rootfs, 'etc', 'motd'), 'welcome\n');
  await fs.mkdir(path.join(rootfs, 'opt', 'data'), { recursive: true });
  await fs.writeFile(path.join(rootfs, 'opt', 'data', 'old.txt'), 'old\n');
}

/** Unpacks `from`, lets `change` edit the rootfs, and repacks it as `to` (one new layer). */
async function layer(layout: string, from: string, to: string, work: string, change: (rootfs: string) => Promise<void>): Promise<void> {
  const bundle = path.join(work, `bundle-${to}`);
  if (from !== to) await umoci('tag', '--image', `${layout}:${from}`, to);
  await umoci('unpack', '--image', `${layout}:${to}`, bundle);
  await change(path.join(bundle, 'rootfs'));
  await umoci('repack', '--image', `${layout}:${to}`, bundle);
  await fs.rm(bundle, { recursive: true, force: true });
}

async function buildLayout(layout: string, work: string): Promise<void> {
  await umoci('init', '--layout', layout);
  await umoci('new', '--image', `${layout}:busybox`);
  await layer(layout, 'busybox', 'busybox', work, writeBusyboxRootfs);
  await umoci('config', '--image', `${layout}:busybox`, '--config.cmd', 'sh', '--config.env', 'PATH=/bin', '--config.workingdir', '/');
  await layer(layout, 'busybox', 'multilayer', work, async (r) => {
    await fs.rm(path.join(r, 'etc', 'motd'));
    await fs.rm(path.join(r, 'opt', 'data'), { recursive: true });
    await fs.writeFile(path.join(r, 'opt', 'data'), 'now a file\n');
  });
  await layer(layout, 'multilayer', 'multilayer', work, async (r) => {
    await fs.writeFile(path.join(r, 'etc', 'extra'), 'third layer\n');
  });
  await layer(layout, 'busybox', 'shared-a', work, async (r) => fs.writeFile(path.join(r, 'a.txt'), 'A\n'));
  await layer(layout, 'busybox', 'shared-b', work, async (r) => fs.writeFile(path.join(r, 'b.txt'), 'B\n'));
  await layer(layout, 'busybox', 'web', work, async (r) => {
    await fs.mkdir(path.join(r, 'www'));
    await fs.writeFile(path.join(r, 'www', 'index.html'), 'hello from stevedore\n');
  });
  await umoci(
    'config',
    '--image',
    `${layout}:web`,
    '--config.cmd',
    'httpd',
    '--config.cmd',
    '-f',
    '--config.cmd',
    '-p',
    '--config.cmd',
    '8080',
    '--config.cmd',
    '-h',
    '--config.cmd',
    '/www',
    '--config.exposedports',
    '8080/tcp',
  );
}

/** The cached OCI layout with every test image, built on first use. */
export async function testImageLayout(): Promise<string> {
  const busybox = createHash('sha256')
    .update(await fs.readFile('/bin/busybox'))
    .digest('hex')
    .slice(0, 12);
  const layout = path.join(CACHE_ROOT, `${RECIPE_VERSION}-${busybox}`);
  if (
    await fs.access(path.join(layout, 'index.json')).then(
      () => true,
      () => false,
    )
  )
    return layout;
  await fs.mkdir(CACHE_ROOT, { recursive: true });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'images-'));
  const building = path.join(work, 'layout');
  try {
    await buildLayout(building, work);
    await fs.rename(building, layout).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err; // another run won the race
    });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  return layout;
}

export async function pushTestImages(registry: { host: string }): Promise<TestImages> {
  const layout = await testImageLayout();
  const push = async (tag: string, name: string) => {
    const ref = `${registry.host}/test/${name}:1`;
    await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:${tag}`, `docker://${ref}`], { maxBuffer: 16 << 20 });
    return ref;
  };
  const [busybox, multilayer, sharedA, sharedB, web] = await Promise.all([
    push('busybox', 'busybox'),
    push('multilayer', 'multilayer'),
    push('shared-a', 'shared-a'),
    push('shared-b', 'shared-b'),
    push('web', 'web'),
  ]);
  return { busybox: busybox!, multilayer: multilayer!, sharedA: sharedA!, sharedB: sharedB!, web: web! };
}

export type { RunningRegistry };
