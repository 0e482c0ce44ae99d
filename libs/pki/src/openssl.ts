import { execFile } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

/** Runs the openssl CLI with explicit arguments (never a shell string) and returns stdout. */
export async function openssl(args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run('openssl', args, { cwd, maxBuffer: 1 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n')[0]}`);
  }
}
