// A real Docker distribution registry (Debian's docker-registry) on 127.0.0.1 and a free port.
import { promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './ports';
import { spawnTracked, stopProcess, waitFor } from './processes';

export interface RunningRegistry {
  /** HOST:PORT, e.g. 127.0.0.1:40123 */
  host: string;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** A registry on 127.0.0.1, or on `address` (e.g. the multi-host bridge, so every host reaches it). */
export async function startRegistry(address = '127.0.0.1', port?: number): Promise<RunningRegistry> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-'));
  port ??= await freePort();
  const config = path.join(dataDir, 'config.yml');
  await fs.writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      `  filesystem:`,
      `    rootdirectory: ${path.join(dataDir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${address}:${port}`,
    ].join('\n') + '\n',
  );
  const child = spawnTracked('docker-registry', ['serve', config]);
  let log = '';
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://${address}:${port}`;
  try {
    await waitFor(async () => (await get(`${url}/v2/`)) === 200, { what: `the registry on ${url}`, timeoutMs: 20000 });
  } catch (err) {
    await stopProcess(child);
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    host: `${address}:${port}`,
    url,
    dataDir,
    async stop() {
      await stopProcess(child);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A counting pass-through in front of a registry, so tests can assert which requests a pull
 * made (e.g. that a second pull fetches no blob).
 */
export async function startCountingProxy(target: RunningRegistry): Promise<{ host: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = http.request(
      `${target.url}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { host: `127.0.0.1:${port}`, requests, stop: () => new Promise((r) => server.close(() => r())) };
}
