import { execFile, execFileSync } from 'child_process';
import { existsSync, promises as fs, realpathSync } from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { type RunningControlPlane, resolveConfig, startControlPlane } from '../../apps/control-plane/src';

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

  // Every kubectl minor we support discovers our resources (1.27–1.29 ask for discovery v2beta1, later ones v2).
  const sdkBin = path.dirname(realpathSync(whichKubectl()));
  const versioned = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'].filter((v) => existsSync(path.join(sdkBin, `kubectl.${v}`)));
  it.each(versioned)('kubectl %s lists our resources', async (v) => {
    const { stdout } = await run(
      path.join(sdkBin, `kubectl.${v}`),
      ['--kubeconfig', cp.kubeconfigPath, '--cache-dir', path.join(dir, `cache-${v}`), 'api-resources', '--no-headers'],
      { timeout: 30000 },
    );
    expect(stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod/m);
    expect(stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/m);
  });

  it('refuses a wrong token and anonymous requests with 401, but serves /version anonymously', async () => {
    await expect(kubectl('--token', 'wrong', 'get', '--raw', '/api')).rejects.toMatchObject({
      stderr: expect.stringMatching(/Unauthorized/),
    });
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
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function whichKubectl(): string {
  return execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim();
}
