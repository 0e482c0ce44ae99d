import { spawner } from '../spawn/spawner';

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a host binary with explicit arguments (never a shell string) and explicit stdio, so the
 * child inherits no agent file descriptors. Rejects with the tool's own first error line.
 * The child is forked by the spawn helper, a small process, not by the agent itself.
 */
export async function run(
  file: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<ExecResult> {
  const result = await spawner.run({ file, args, cwd: opts.cwd, input: opts.input, timeoutMs: opts.timeoutMs ?? 30000 });
  if (result.code === 0 && !result.error) return { stdout: result.stdout, stderr: result.stderr };
  const why = result.error ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`);
  const detail = (result.stderr || why).trim().split('\n').filter(Boolean).pop() ?? why;
  throw Object.assign(new Error(`${file} ${args[0] ?? ''}: ${detail}`), { stderr: result.stderr, exitCode: result.code ?? undefined });
}
