import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { resolveConfig, RunningControlPlane, startControlPlane } from '../../apps/control-plane/src';

const run = promisify(execFile);

describe('control plane: version, discovery and auth with the real kubectl', () => {
  let dir: string;
  let cp: RunningControlPlane;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cp-meta-'));
    cp = await startControlPlane(resolveConfig({ dataDir: dir, apiPort: 0 }));
  });
  afterAll(async () => {
    await cp?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]) =>
    run('kubectl', ['--kubeconfig', cp.kubeconfigPath, '--cache-dir', path.join(dir, 'cache'), ...args], { timeout: 30000 });

  it('answers kubectl version', async () => {
    const { stdout } = await kubectl('version', '-o', 'json');
    expect(JSON.parse(stdout).serverVersion).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
  });

  it('lists our resources through aggregated discovery', async () => {
    const { stdout } = await kubectl('api-resources', '--no-headers');
    const names = stdout.split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(expect.arrayContaining(['pods', 'nodes', 'namespaces', 'deployments', 'jobs', 'leases', 'configmaps']));
    expect(stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/m);
  });

  it('refuses a wrong token and anonymous requests with 401, but serves /version anonymously', async () => {
    await expect(kubectl('--token', 'wrong', 'get', '--raw', '/api')).rejects.toMatchObject({ stderr: expect.stringMatching(/Unauthorized/) });
    const anonymous = (p: string) => httpsGet(`${cp.url}${p}`, path.join(dir, 'pki', 'ca.crt'));
    const denied = await anonymous('/api/v1/namespaces');
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const version = await anonymous('/version');
    expect(JSON.parse(version.body).gitVersion).toBe('v1.32.0');
  });
});

async function httpsGet(url: string, caFile: string): Promise<{ status: number; body: string }> {
  const ca = await fs.readFile(caFile);
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
