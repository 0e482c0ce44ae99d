// What the Service proxy and the NetworkPolicy rules share about iptables: whole rule sets written
// in one iptables-restore transaction, chains found by their owner's prefix, and removal of an
// owner's chains (and the jumps to them) from every table it writes.
import { execFile, spawn } from 'child_process';
import { promisify } from 'util';
import { runEvery } from './failures';

export const run = promisify(execFile);

/** The tables an owner's chains may live in. */
const TABLES = ['nat', 'filter'] as const;
export type Table = (typeof TABLES)[number];

/** The chains with this prefix in `iptables -S` output. */
export function chainsIn(listing: string, prefix: string): string[] {
  return listing
    .split('\n')
    .filter((l) => l.startsWith(`-N ${prefix}`))
    .map((l) => l.slice(3).trim());
}

export async function ownChains(table: Table, prefix: string): Promise<string[]> {
  const { stdout } = await run('iptables', ['-t', table, '-S']);
  return chainsIn(stdout, prefix);
}

/** Jumps from a built-in chain to ours, added once (at the top, so our rules see packets first). */
export async function hook(table: Table, builtin: string, target: string, comment: string): Promise<void> {
  const rule = ['-m', 'comment', '--comment', comment, '-j', target];
  // -C answers "absent" by failing; any other failure shows again in the -I that follows.
  const present = await run('iptables', ['-t', table, '-C', builtin, ...rule]).then(
    () => true,
    () => false,
  );
  if (!present) await run('iptables', ['-t', table, '-I', builtin, '1', ...rule]);
}

/**
 * Removes the jumps to chains with this prefix, then the chains themselves, in every table.
 * Every step is tried even when one fails; the failures are thrown together.
 */
export async function removeChains(prefix: string): Promise<void> {
  const steps: (() => Promise<unknown>)[] = [];
  for (const table of TABLES) {
    const { stdout } = await run('iptables', ['-t', table, '-S']);
    const jumps = stdout
      .split('\n')
      .map((line) => /^-A (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) (.*-j (\S+))$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => !!match && match[3]!.startsWith(prefix));
    const chains = chainsIn(stdout, prefix);
    steps.push(...jumps.map((match) => () => run('iptables', ['-t', table, '-D', match[1]!, ...splitRule(match[2]!)])), async () => {
      if (chains.length) await restore([`*${table}`, ...chains.map((c) => `:${c} - [0:0]`), ...chains.map((c) => `-X ${c}`), 'COMMIT', '']);
    });
  }
  await runEvery(steps);
}

/** Splits a rule as iptables -S prints it (quoted comments stay one argument). */
function splitRule(rule: string): string[] {
  return (rule.match(/"[^"]*"|\S+/g) ?? []).map((part) => part.replace(/^"|"$/g, ''));
}

/** Applies the lines (iptables-restore syntax) in one transaction, leaving other chains as they are. */
export function restore(lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('iptables-restore', ['--noflush'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`iptables-restore failed (${code}): ${stderr.trim()}`))));
    child.stdin.end(lines.join('\n'));
  });
}
