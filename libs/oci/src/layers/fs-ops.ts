// Filesystem operations Node lacks (device nodes, xattrs), done with the host's coreutils and
// attr tools, with explicit arguments and never anything from the image.
import { execFile } from 'child_process';

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err && !(file === '/usr/bin/getfattr' && (err as { code?: number }).code === 1)) {
        reject(new Error(`${file.split('/').pop()} failed: ${(stderr || err.message).trim().split('\n')[0]}`));
      } else resolve(stdout);
    }).stdin?.end();
  });
}

/** An overlayfs whiteout: a character device with device number 0/0. */
export function makeWhiteout(p: string): Promise<string> {
  return run('/usr/bin/mknod', ['-m', '000', '--', p, 'c', '0', '0']);
}

export function makeFifo(p: string, mode: number): Promise<string> {
  return run('/usr/bin/mkfifo', ['-m', (mode & 0o7777).toString(8), '--', p]);
}

export function setXattr(p: string, name: string, value: Buffer): Promise<string> {
  return run('/usr/bin/setfattr', ['-h', '-n', name, '-v', `0s${value.toString('base64')}`, '--', p]);
}

export const OPAQUE_XATTR = 'trusted.overlay.opaque';

export function markOpaque(dir: string): Promise<string> {
  return setXattr(dir, OPAQUE_XATTR, Buffer.from('y'));
}

/** Every path under root whose directory carries the overlay opaque mark. */
export async function opaqueDirs(root: string): Promise<Set<string>> {
  const out = await run('/usr/bin/getfattr', ['-R', '-h', '--absolute-names', '-n', OPAQUE_XATTR, '--', root]);
  const found = new Set<string>();
  let file: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('# file: ')) file = line.slice('# file: '.length);
    else if (file && line.startsWith(`${OPAQUE_XATTR}=`) && line.includes('"y"')) found.add(file);
  }
  return found;
}
