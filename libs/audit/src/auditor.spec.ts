import { type Logger, silentLogger } from '@stevedore/log';
import { newRegistry } from '@stevedore/metrics';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { newAuditor, prepareAuditing } from './auditor';
import { parsePolicy } from './policy/parse-policy';

const POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{ level: Metadata }]\n';
const FLAGS = { maxSizeMB: 0, maxBackups: 0, maxAgeDays: 0 };

describe('starting the audit log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audit-start-'));
    await fs.writeFile(path.join(dir, 'policy.yaml'), POLICY);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads the policy and creates the log, owner-only, before the server starts', async () => {
    const log = path.join(dir, 'logs', 'audit.log');
    const policy = await prepareAuditing(path.join(dir, 'policy.yaml'), log);
    expect(policy?.rules[0]?.level).toBe('Metadata');
    expect((await fs.stat(log)).mode & 0o777).toBe(0o600);
  });

  it('refuses a log path it cannot write, naming it', async () => {
    await fs.writeFile(path.join(dir, 'a-file'), '');
    const log = path.join(dir, 'a-file', 'audit.log');
    await expect(prepareAuditing(path.join(dir, 'policy.yaml'), log)).rejects.toThrow(`audit log ${log}: EEXIST`);
  });

  it('refuses a missing policy file, naming it', async () => {
    await expect(prepareAuditing(path.join(dir, 'none.yaml'), '-')).rejects.toThrow(`audit policy ${path.join(dir, 'none.yaml')}: ENOENT`);
  });

  it('audits only with both a policy and a log, and says so when one is missing', () => {
    const warned: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg: string) => warned.push(msg) };
    const policy = parsePolicy(POLICY);
    expect(newAuditor(undefined, { ...FLAGS }, { registry: newRegistry(), log })).toBeUndefined();
    expect(warned).toEqual([]);
    expect(newAuditor(policy, { ...FLAGS }, { registry: newRegistry(), log })).toBeUndefined();
    expect(warned).toEqual(['auditing is off: it needs both --audit-policy-file and --audit-log-path']);
    expect(newAuditor(policy, { ...FLAGS, logPath: '-' }, { registry: newRegistry(), log })).toBeDefined();
  });
});
