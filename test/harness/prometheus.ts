// A real Prometheus (Debian's `prometheus`) for end-to-end tests: its own temp dir for config and
// TSDB, its HTTP API on 127.0.0.1 only, stopped by its PID; and `promtool check metrics` for
// checking any exposition text.
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { freePort } from './ports';
import { spawnTracked, stopProcess, waitFor } from './processes';
import { makeTempDir } from './temp';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  dir: string;
  output(): string;
  /** Instant query; resolves with the vector (throws on a query error). */
  query(expr: string): Promise<PromSample[]>;
  /** Active scrape targets with their labels, health and last error. */
  targets(): Promise<
    { labels: Record<string, string>; discoveredLabels: Record<string, string>; health: string; lastError: string; scrapePool: string }[]
  >;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus with the config `makeConfig` writes (it gets the temp dir, for token and CA
 * files it wants to point at). Resolves once Prometheus reports ready.
 */
export async function startPrometheus(makeConfig: (dir: string) => Promise<string>): Promise<RunningPrometheus> {
  const dir = await makeTempDir('stevedore-prometheus');
  const port = await freePort();
  const configFile = path.join(dir, 'prometheus.yml');
  await fs.writeFile(configFile, await makeConfig(dir));
  const child = spawnTracked('prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1h',
    '--log.level=info',
  ]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const api = async (p: string) => {
    const res = await fetch(`${url}${p}`);
    const body = (await res.json()) as { status: string; data: any; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${p}: ${body.error ?? res.status}`);
    return body.data;
  };
  const stop = async () => {
    await stopProcess(child, 5000);
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
        return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok;
      },
      { what: 'prometheus to be ready', timeoutMs: 30000, intervalMs: 200 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    dir,
    output: () => output,
    stop,
    query: async (expr) => (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    targets: async () => (await api('/api/v1/targets?state=active')).activeTargets,
  };
}

/** Runs `promtool check metrics` on exposition text: ok, or the problems it lists. */
export function promtoolCheckMetrics(text: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ok: code === 0, output: output.trim() }));
    child.stdin.end(text);
  });
}
