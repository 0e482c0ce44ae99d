import { execFile } from 'child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a host binary with explicit arguments (never a shell string) and explicit stdio, so the
 * child inherits no agent file descriptors. Rejects with the tool's own first error line.
 */
export function run(file: string, args: string[], opts: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 30000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const detail = (stderr || err.message).trim().split('\n').filter(Boolean).pop() ?? err.message;
        reject(Object.assign(new Error(`${file} ${args[0] ?? ''}: ${detail}`), { stderr, exitCode: (err as { code?: number }).code }));
      } else {
        resolve({ stdout, stderr });
      }
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}
